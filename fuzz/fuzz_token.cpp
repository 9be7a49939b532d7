// Pagination tokens come from users, logs and URLs: any text is a token dynorm made for this
// request, or dynorm::error.
#include <dynorm/item_range.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)dynorm::detail::parse_token(text, {"t", "", 42});
    } catch (const dynorm::error&) {
    }
    return 0;
}
