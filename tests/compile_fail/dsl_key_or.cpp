#include "dsl_model.hpp"
// Key conditions can't be joined with ||.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.query(key_<&Movie::year> == 1 || key_<&Movie::year> == 2);
#else
    (void)movies.query(key_<&Movie::year> == 1);
#endif
}
