#include "dsl_model.hpp"
// Every IN value must have the attribute's type.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = in(attr_<&Movie::year>, 1, "two")});
#else
    (void)movies.scan({.filter = in(attr_<&Movie::year>, 1, 2)});
#endif
}
