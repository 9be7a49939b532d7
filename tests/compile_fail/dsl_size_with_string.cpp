#include "dsl_model.hpp"
// size() is a number.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = size(attr_<&Movie::info, &Info::actors>) > "3"});
#else
    (void)movies.scan({.filter = size(attr_<&Movie::info, &Info::actors>) > 3});
#endif
}
