#include "dsl_model.hpp"
// put_async takes an item of the table's type, as put does.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.put_async(Other{3});
#else
    (void)movies.put_async(Movie{2015, "Rush"});
#endif
}
