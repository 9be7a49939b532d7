// Key attributes can't be optional: every item must have them.
#include <dynorm/dynorm.hpp>
struct Item { std::optional<std::string> maybe_id; std::string id; };
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
#ifdef DYNORM_COMPILE_FAIL
    static constexpr auto hash_key = &Item::maybe_id;
#else
    static constexpr auto hash_key = &Item::id;
#endif
};
int main() { return dynorm::key_schema_json<Item>().empty(); }
