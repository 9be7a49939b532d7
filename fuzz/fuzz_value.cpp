// dynorm::value from each JSON form: plain JSON (data files, BatchWriteItem and DescribeTable
// responses), attribute-value JSON and item JSON; what parses is written back and read again.
#include <dynorm/codec/value.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
template <class Parse>
void try_form(Parse parse) {
    dynorm::value v;
    try {
        v = parse();
    } catch (const dynorm::error&) {
        return;
    }
    // a value that was read must write and read back as itself
    std::string again;
    try {
        again = v.to_attribute_json();
    } catch (const dynorm::encode_error&) {
        return; // e.g. an empty set or a number DynamoDB can't store: refused, not sent
    }
    if (!(dynorm::value::from_attribute_json(again) == v)) std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try_form([&] { return dynorm::value::from_json(text); });
    try_form([&] { return dynorm::value::from_attribute_json(text); });
    try_form([&] { return dynorm::value::from_item_json(text); });
    return 0;
}
