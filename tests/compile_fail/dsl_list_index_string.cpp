#include "dsl_model.hpp"
// [i] on a list attribute takes an integer index, not a key.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::info, &Info::actors>["lead"] == "Moe"});
#else
    (void)movies.scan({.filter = attr_<&Movie::info, &Info::actors>[std::size_t{0}] == "Moe"});
#endif
}
