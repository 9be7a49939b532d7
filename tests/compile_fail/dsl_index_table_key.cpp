#include "dsl_model.hpp"
// A key condition on an index may use only the index's keys.
void read(const dynorm::table<Account>& accounts) {
#ifdef DYNORM_COMPILE_FAIL
    (void)accounts.index<"by_type">().query(key_<&Account::username> == "x");
#else
    (void)accounts.index<"by_type">().query(key_<&Account::type> == "x");
#endif
}
void check(const dynorm::table<Movie>&) {}
