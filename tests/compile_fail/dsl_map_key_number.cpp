#include "dsl_model.hpp"
// [key] on a std::map attribute takes a string: 0 must not turn into a null const char*.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::scores>[0] >= 7});
#else
    (void)movies.scan({.filter = attr_<&Movie::scores>["imdb"] >= 7});
#endif
}
