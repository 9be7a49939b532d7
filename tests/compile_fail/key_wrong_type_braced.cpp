// A key written as {hash, range} must have the key members' types too.
#include <dynorm/dynorm.hpp>
struct Item { std::string id; std::string sort; };
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
    static constexpr auto hash_key = &Item::id;
    static constexpr auto range_key = &Item::sort;
};
void lookup(const dynorm::table<Item>& items) {
#ifdef DYNORM_COMPILE_FAIL
    (void)items.get({"a", 42});
#else
    (void)items.get({"a", "b"});
#endif
}
int main() {}
