// Two variant alternatives stored as the same DynamoDB type can't be told apart when read.
#include <dynorm/dynorm.hpp>
struct Item {
    std::string id;
#ifdef DYNORM_COMPILE_FAIL
    std::variant<int, double> v;
#else
    std::variant<std::string, double> v;
#endif
};
int main() { return dynorm::decode_item<Item>(R"({"id":{"S":"a"},"v":{"N":"1"}})").id.empty(); }
