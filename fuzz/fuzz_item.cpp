// Item JSON (as under "Item" or in "Items") decoded into a rich struct, fully and as a projection.
// Any dynorm::error is an accepted answer; anything else escaping, or a crash, is a finding.
#include "fuzz_model.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)dynorm::decode_item<fuzz_model::Rich>(text);
    } catch (const dynorm::error&) {
    }
    try {
        (void)dynorm::decode_item<fuzz_model::Rich>(text, {.partial = true});
    } catch (const dynorm::error&) {
    }
    return 0;
}
