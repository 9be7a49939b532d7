#include "dsl_model.hpp"
// At most one condition on the sort key.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.query(key_<&Movie::year> == 1 && (key_<&Movie::title> > "a" && key_<&Movie::title> < "m"));
#else
    (void)movies.query(key_<&Movie::year> == 1 && between(key_<&Movie::title>, "a", "m"));
#endif
}
