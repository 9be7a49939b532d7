// table<T> needs schema<T> with a table name and a hash key.
#include <dynorm/dynorm.hpp>
struct Item { std::string id; };
#ifndef DYNORM_COMPILE_FAIL
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
    static constexpr auto hash_key = &Item::id;
};
#endif
int main() {
    dynorm::client_config config;
    config.region = "us-east-1";
    config.credentials = dynorm::credentials{"a", "b", ""};
    config.endpoint = "http://127.0.0.1:9";
    dynorm::client db(config);
    return db.table<Item>().name().empty();
}
