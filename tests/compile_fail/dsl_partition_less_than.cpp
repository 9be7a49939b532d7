#include "dsl_model.hpp"
// The partition key can only be tested with ==.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.query(key_<&Movie::year> < 2000);
#else
    (void)movies.query(key_<&Movie::year> == 2000);
#endif
}
