#include "dsl_model.hpp"
// [i] needs a list attribute.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::year>[0] == 1});
#else
    (void)movies.scan({.filter = attr_<&Movie::info, &Info::actors>[0] == "Moe"});
#endif
}
