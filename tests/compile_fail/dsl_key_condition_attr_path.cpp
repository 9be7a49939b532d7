#include "dsl_model.hpp"
// Key conditions name keys with key_, not attr_.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.query(attr_<&Movie::year> == 1);
#else
    (void)movies.query(key_<&Movie::year> == 1);
#endif
}
