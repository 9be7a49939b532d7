#include "dsl_model.hpp"
// A number attribute compared with a string.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::info, &Info::rating> > "high"});
#else
    (void)movies.scan({.filter = attr_<&Movie::info, &Info::rating> > 7.5});
#endif
}
