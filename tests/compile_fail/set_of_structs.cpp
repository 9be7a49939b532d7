// DynamoDB sets hold strings, numbers or binary values only.
#include <dynorm/dynorm.hpp>
struct Tag { std::string name; auto operator<=>(const Tag&) const = default; };
struct Item {
    std::string id;
#ifdef DYNORM_COMPILE_FAIL
    std::set<Tag> tags;
#else
    std::vector<Tag> tags;
#endif
};
int main() { return dynorm::encode_item(Item{"a", {}}).empty(); }
