// A member of a type DynamoDB can't store, and no attribute_traits for it.
#include <dynorm/dynorm.hpp>
#include <complex>
struct Item {
    std::string id;
#ifdef DYNORM_COMPILE_FAIL
    std::complex<double> z;
#endif
};
int main() { return dynorm::encode_item(Item{"a"}).empty(); }
