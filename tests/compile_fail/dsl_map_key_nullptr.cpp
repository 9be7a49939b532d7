#include "dsl_model.hpp"
// [key] on a std::map attribute takes a string, not nullptr.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.scan({.filter = attr_<&Movie::scores>[nullptr] >= 7});
#else
    (void)movies.scan({.filter = attr_<&Movie::scores>[std::string("imdb")] >= 7});
#endif
}
