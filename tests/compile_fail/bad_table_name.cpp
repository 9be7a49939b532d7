// Table names are 3-255 characters of [a-zA-Z0-9_.-].
#include <dynorm/dynorm.hpp>
struct Item { std::string id; };
template <> struct dynorm::schema<Item> {
#ifdef DYNORM_COMPILE_FAIL
    static constexpr std::string_view table = "my items!";
#else
    static constexpr std::string_view table = "my_items";
#endif
    static constexpr auto hash_key = &Item::id;
};
int main() { return dynorm::table_schema<Item>::table_name.empty(); }
