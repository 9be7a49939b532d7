#include "dsl_model.hpp"
// put takes an item of the table's type.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    movies.put(Other{3});
#else
    movies.put(Movie{2015, "Rush"});
#endif
}
