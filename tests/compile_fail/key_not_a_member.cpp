// A key must be a member of the model itself.
#include <dynorm/dynorm.hpp>
struct Other { std::string id; };
struct Item { std::string id; int n = 0; };
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
#ifdef DYNORM_COMPILE_FAIL
    static constexpr auto hash_key = &Other::id;
#else
    static constexpr auto hash_key = &Item::id;
#endif
};
int main() { return dynorm::key_schema_json<Item>().empty(); }
