#include "dsl_model.hpp"
// A key condition must test the partition key.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.query(key_<&Movie::title> == "t");
#else
    (void)movies.query(key_<&Movie::year> == 1 && key_<&Movie::title> == "t");
#endif
}
