// A transaction's key (like any key) of a hash+range table needs both values.
#include "key_model.hpp"
void read(const dynorm::table<Item>& items) {
#ifdef DYNORM_COMPILE_FAIL
    (void)dynorm::transact_get(dynorm::tx::get(items, {"a"}));
#else
    (void)dynorm::transact_get(dynorm::tx::get(items, {"a", "b"}));
#endif
}
int main() {}
