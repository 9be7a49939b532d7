#include "dsl_model.hpp"
// An index the schema doesn't declare.
void read(const dynorm::table<Account>& accounts) {
#ifdef DYNORM_COMPILE_FAIL
    (void)accounts.index<"by_kind">().scan();
#else
    (void)accounts.index<"by_type">().scan();
#endif
}
void check(const dynorm::table<Movie>&) {}
