// get() takes exactly the key members' types: a number where the range key is a string fails.
#include "key_model.hpp"
void lookup(const dynorm::table<Item>& items) {
#ifdef DYNORM_COMPILE_FAIL
    (void)items.get("a", 42);
#else
    (void)items.get("a", "b");
#endif
}
int main() {}
