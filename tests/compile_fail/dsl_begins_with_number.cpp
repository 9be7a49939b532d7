#include "dsl_model.hpp"
// begins_with works on strings and binary only.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = begins_with(attr_<&Movie::year>, 19)});
#else
    (void)movies.scan({.filter = begins_with(attr_<&Movie::title>, "19")});
#endif
}
