// A class with private members needs BOOST_DESCRIBE_CLASS to be reflected.
#include <dynorm/dynorm.hpp>
class Item {
    std::string id_ = "a";
public:
    const std::string& id() const { return id_; }
#ifndef DYNORM_COMPILE_FAIL
    BOOST_DESCRIBE_CLASS(Item, (), (), (), (id_))
#endif
};
int main() { return dynorm::encode_item(Item{}).empty(); }
