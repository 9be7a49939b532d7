#include "dsl_model.hpp"
// A condition on another item type's attribute.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.put(Movie{}, {.condition = attr_<&Other::x> == 1});
#else
    (void)movies.put(Movie{}, {.condition = attr_<&Movie::year> == 1});
#endif
}
