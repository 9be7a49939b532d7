#include "dsl_model.hpp"
// + and - work on numbers only.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.update({1, "t"}, set(attr_<&Movie::info, &Info::plot>, attr_<&Movie::info, &Info::plot> + 1));
#else
    (void)movies.update({1, "t"}, set(attr_<&Movie::info, &Info::rating>, attr_<&Movie::info, &Info::rating> + 1));
#endif
}
