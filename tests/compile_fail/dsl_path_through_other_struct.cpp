#include "dsl_model.hpp"
// A path through a member of another struct.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::info, &Other::x> == 1});
#else
    (void)movies.scan({.filter = attr_<&Movie::info, &Info::rating> == 1});
#endif
}
