#include "dsl_model.hpp"
// del removes elements from sets only.
void check(const dynorm::table<Movie>& movies) {
#ifdef DYNORM_COMPILE_FAIL
    (void)movies.update({1, "t"}, del(attr_<&Movie::info, &Info::actors>, std::vector<std::string>{"x"}));
#else
    (void)movies.update({1, "t"}, del(attr_<&Movie::info, &Info::genres>, std::set<std::string>{"x"}));
#endif
}
