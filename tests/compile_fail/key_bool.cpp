// DynamoDB keys are S, N or B: a bool is none of these.
#include <dynorm/dynorm.hpp>
struct Item { std::string id; bool flag = false; long long n = 0; };
template <> struct dynorm::schema<Item> {
    static constexpr std::string_view table = "items";
    static constexpr auto hash_key = &Item::id;
#ifdef DYNORM_COMPILE_FAIL
    static constexpr auto range_key = &Item::flag;
#else
    static constexpr auto range_key = &Item::n;
#endif
};
int main() { return dynorm::key_schema_json<Item>().empty(); }
