#include "dsl_model.hpp"
// A projection of a member that isn't in the table's item type.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.get({1, "t"}, {.projection = project<&Other::x>()});
#else
    (void)movies.get({1, "t"}, {.projection = project<&Movie::year>()});
#endif
}
