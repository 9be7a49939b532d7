#pragma once
// CRC-32 with the zlib polynomial, as DynamoDB sends it in the x-amz-crc32 header.

#include <dynorm/version.hpp>
#include <array>
#include <cstdint>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::detail {

inline constexpr std::array<std::uint32_t, 256> crc32_table = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}();

constexpr std::uint32_t crc32(std::string_view data) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (const char ch : data) c = crc32_table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static_assert(crc32("123456789") == 0xCBF43926u);

} // namespace dynorm::detail
