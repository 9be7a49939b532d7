// A model and its expressions, no calls: what a header declaring a data model costs the TUs
// that include it. The expression text is built at compile time.
#include <dynorm/dsl.hpp>
#include <dynorm/schema.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct Address {
    std::string street;
    std::string city;
    std::string state;
};
struct User {
    std::string username;
    std::string last_name;
    std::string first_name;
    int age = 0;
    std::string account_type;
    std::optional<Address> address;
    std::set<std::string> tags;
    std::map<std::string, int> scores;
    std::vector<std::string> notes;
    long long visits = 0;
};
template <>
struct dynorm::schema<User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &User::username;
    static constexpr auto range_key = &User::last_name;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"by_account", &User::account_type, &User::age>{{1, 1}},
        dynorm::local_index<"by_first_name", &User::first_name, dynorm::keys_only>{}};
};

using namespace dynorm::dsl;
constexpr auto young_supers = attr_<&User::age> < 27 && attr_<&User::account_type> == "super_user";
constexpr auto in_california = attr_<&User::address, &Address::state> == "CA";
constexpr auto named_j = begins_with(attr_<&User::first_name>, "J") || contains(attr_<&User::tags>, "vip");
constexpr auto key = key_<&User::username> == "janedoe" && begins_with(key_<&User::last_name>, "D");

// The expression text a request would carry, compiled as a call would compile it.
int main() {
    using dynorm::dsl::placeholder_kind;
    const auto filter = dynorm::dsl::compile<placeholder_kind::filter>(young_supers && in_california && named_j);
    const auto key_condition = dynorm::dsl::compile<placeholder_kind::key_condition>(key);
    return filter.text().empty() || key_condition.text().empty();
}
