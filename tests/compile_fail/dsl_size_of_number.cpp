#include "dsl_model.hpp"
// size() needs a string, binary, set, list or map.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = size(attr_<&Movie::year>) > 3});
#else
    (void)movies.scan({.filter = size(attr_<&Movie::title>) > 3});
#endif
}
