#include "dsl_model.hpp"
// An index the schema doesn't declare.
struct Account {
    std::string username;
    std::string type;
};
template <>
struct dynorm::schema<Account> {
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &Account::username;
    static constexpr auto indexes = std::tuple{dynorm::global_index<"by_type", &Account::type>{}};
};
void read(const dynorm::table<Account>& accounts) {
#ifdef DYNORM_COMPILE_FAIL
    (void)accounts.index<"by_kind">().scan();
#else
    (void)accounts.index<"by_type">().scan();
#endif
}
void check(const dynorm::table<Movie>&) {}
