// A key written as {hash, range} must have the key members' types too.
#include "key_model.hpp"
void lookup(const dynorm::table<Item>& items) {
#ifdef DYNORM_COMPILE_FAIL
    (void)items.get({"a", 42});
#else
    (void)items.get({"a", "b"});
#endif
}
int main() {}
