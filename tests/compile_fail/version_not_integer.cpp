// The version member of optimistic locking is an integer.
#include <dynorm/dynorm.hpp>
struct Doc {
    std::string id;
    std::int64_t version = 0;
    std::string revision;
};
template <> struct dynorm::schema<Doc> {
    static constexpr std::string_view table = "docs";
    static constexpr auto hash_key = &Doc::id;
#ifdef DYNORM_COMPILE_FAIL
    static constexpr auto version = &Doc::revision;
#else
    static constexpr auto version = &Doc::version;
#endif
};
void write(const dynorm::table<Doc>& docs, Doc& d) { docs.put(d); }
int main() {}
