#include "dsl_model.hpp"
// The value set must have the attribute's type.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.update({1, "t"}, set(attr_<&Movie::info, &Info::rating>, "high"));
#else
    (void)movies.update({1, "t"}, set(attr_<&Movie::info, &Info::rating>, 9.5));
#endif
}
