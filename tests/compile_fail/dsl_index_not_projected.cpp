#include "dsl_model.hpp"
// Reading a member that a keys-only index doesn't project.
struct Account {
    std::string username;
    std::string type;
    std::string notes;
};
template <>
struct dynorm::schema<Account> {
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &Account::username;
    static constexpr auto indexes =
        std::tuple{dynorm::global_index<"by_type", &Account::type, dynorm::no_range_key, dynorm::keys_only>{}};
};
void read(const dynorm::table<Account>& accounts) {
    for (const auto& a : accounts.index<"by_type">().query(key_<&Account::type> == "x")) {
#ifdef DYNORM_COMPILE_FAIL
        (void)a.get<&Account::notes>();
#else
        (void)a.get<&Account::type>();
#endif
    }
}
void check(const dynorm::table<Movie>&) {}
