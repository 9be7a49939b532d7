// TransactWriteItems takes at most 100 actions; a count known at compile time is checked there.
#include <dynorm/dynorm.hpp>
struct Row {
    std::string id;
};
template <> struct dynorm::schema<Row> {
    static constexpr std::string_view table = "rows";
    static constexpr auto hash_key = &Row::id;
};
#ifdef DYNORM_COMPILE_FAIL
constexpr std::size_t actions = 101;
#else
constexpr std::size_t actions = 100;
#endif
void write(const dynorm::table<Row>& rows) {
    const auto put = dynorm::tx::put(rows, Row{"a"});
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        dynorm::transact_write(((void)I, put)...);
    }(std::make_index_sequence<actions>{});
}
int main() {}
