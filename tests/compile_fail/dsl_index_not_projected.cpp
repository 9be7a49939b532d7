#include "dsl_model.hpp"
// Reading a member that a keys-only index doesn't project.
void read(const dynorm::table<Account>& accounts) {
    for (const auto& a : accounts.index<"by_type_keys">().query(key_<&Account::type> == "x")) {
#ifdef DYNORM_COMPILE_FAIL
        (void)a.get<&Account::notes>();
#else
        (void)a.get<&Account::type>();
#endif
    }
}
void check(const dynorm::table<Movie>&) {}
