#include "dsl_model.hpp"
// add works on numbers and sets only.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.update({1, "t"}, add(attr_<&Movie::info, &Info::plot>, "x"));
#else
    (void)movies.update({1, "t"}, add(attr_<&Movie::info, &Info::rating>, 1));
#endif
}
