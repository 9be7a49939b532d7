#include "dsl_model.hpp"
// contains needs a string, set or list.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = contains(attr_<&Movie::year>, 1)});
#else
    (void)movies.scan({.filter = contains(attr_<&Movie::info, &Info::actors>, "Moe")});
#endif
}
