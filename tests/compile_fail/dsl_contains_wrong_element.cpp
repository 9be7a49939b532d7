#include "dsl_model.hpp"
// contains takes an element of the set or list.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = contains(attr_<&Movie::info, &Info::genres>, 3)});
#else
    (void)movies.scan({.filter = contains(attr_<&Movie::info, &Info::genres>, "Drama")});
#endif
}
