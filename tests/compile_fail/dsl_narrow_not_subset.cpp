#include "dsl_model.hpp"
// Reading into a narrower struct whose members aren't all members of the item type.
struct YearOnly { int year = 0; };
struct YearAsText { std::string year; };
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.get_as<YearAsText>({1, "t"});
#else
    (void)movies.get_as<YearOnly>({1, "t"});
#endif
}
