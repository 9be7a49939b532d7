#include "dsl_model.hpp"
// between needs a string, number or binary attribute.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = between(attr_<&Movie::released>, false, true)});
#else
    (void)movies.scan({.filter = between(attr_<&Movie::year>, 1990, 1999)});
#endif
}
