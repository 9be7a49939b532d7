// A batch writer over several tables sends each put to its item type's table: the types differ.
#include <dynorm/dynorm.hpp>
struct Row {
    std::string id;
};
struct Other {
    std::string id;
};
template <> struct dynorm::schema<Row> {
    static constexpr std::string_view table = "rows";
    static constexpr auto hash_key = &Row::id;
};
template <> struct dynorm::schema<Other> {
    static constexpr std::string_view table = "others";
    static constexpr auto hash_key = &Other::id;
};
void write(const dynorm::client& db) {
#ifdef DYNORM_COMPILE_FAIL
    dynorm::batch_writer batch(db.table<Row>(), db.table<Row>("rows_archive"));
#else
    dynorm::batch_writer batch(db.table<Row>(), db.table<Other>());
#endif
    batch.put(Row{"a"});
}
int main() {}
