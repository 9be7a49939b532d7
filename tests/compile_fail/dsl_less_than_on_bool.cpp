#include "dsl_model.hpp"
// Ordering comparisons need strings, numbers or binary.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::released> < true});
#else
    (void)movies.scan({.filter = attr_<&Movie::released> == true});
#endif
}
