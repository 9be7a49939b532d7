// A table's hash key has the hash member's type: a number is no key of a string-keyed table.
#include "hash_key_model.hpp"
void lookup(const dynorm::table<Tag>& tags) {
#ifdef DYNORM_COMPILE_FAIL
    (void)tags.remove(42);
#else
    (void)tags.remove("a");
#endif
}
int main() {}
