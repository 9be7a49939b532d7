// schema<T>::fields may only rename or skip T's own members.
#include <dynorm/dynorm.hpp>
struct Other { int x = 0; };
struct Item { std::string id; int cache = 0; };
template <> struct dynorm::schema<Item> {
#ifdef DYNORM_COMPILE_FAIL
    static constexpr auto fields = dynorm::fields(dynorm::skip<&Other::x>);
#else
    static constexpr auto fields = dynorm::fields(dynorm::skip<&Item::cache>);
#endif
};
int main() { return dynorm::encode_item(Item{"a", 1}).empty(); }
