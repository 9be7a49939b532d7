// A table without a range key takes its hash value alone as the key.
#include "hash_key_model.hpp"
void lookup(const dynorm::table<Tag>& tags) {
#ifdef DYNORM_COMPILE_FAIL
    (void)tags.get({"a", "b"});
#else
    (void)tags.get("a");
#endif
}
int main() {}
