#include "dsl_model.hpp"
// Updating a key attribute changes the item's identity.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.update({1, "t"}, set(attr_<&Movie::title>, "new"));
#else
    (void)movies.update({1, "t"}, set(attr_<&Movie::info, &Info::plot>, "new"));
#endif
}
