// The range key must be another member than the hash key.
#include <dynorm/dynorm.hpp>
struct Item { std::string id; std::string sort; };
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
    static constexpr auto hash_key = &Item::id;
#ifdef DYNORM_COMPILE_FAIL
    static constexpr auto range_key = &Item::id;
#else
    static constexpr auto range_key = &Item::sort;
#endif
};
int main() { return dynorm::key_schema_json<Item>().empty(); }
