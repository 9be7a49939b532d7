#include "dsl_model.hpp"
// A key condition on an attribute that isn't a key.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.query(key_<&Movie::year> == 1 && key_<&Movie::released> == true);
#else
    (void)movies.query(key_<&Movie::year> == 1 && key_<&Movie::title> == "t");
#endif
}
