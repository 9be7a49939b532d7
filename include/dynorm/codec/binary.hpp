#pragma once
// dynorm::binary: raw bytes stored as a DynamoDB binary (B) attribute, base64 on the wire.
// std::vector<std::byte> is stored the same way; binary adds string-like convenience and ordering
// (so std::set<dynorm::binary> is a binary set, BS).

#include <dynorm/version.hpp>
#include <compare>
#include <cstddef>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI {

struct binary {
    std::string bytes;

    binary() = default;
    explicit binary(std::string raw) : bytes(std::move(raw)) {}
    binary(const void* data, std::size_t size)
        : bytes(static_cast<const char*>(data), size) {}

    std::size_t size() const noexcept { return bytes.size(); }
    bool empty() const noexcept { return bytes.empty(); }
    const std::byte* data() const noexcept {
        return reinterpret_cast<const std::byte*>(bytes.data());
    }

    // DynamoDB orders binary values as unsigned bytes.
    friend std::strong_ordering operator<=>(const binary& a, const binary& b) {
        const std::size_t n = a.bytes.size() < b.bytes.size() ? a.bytes.size() : b.bytes.size();
        for (std::size_t i = 0; i < n; ++i) {
            const auto x = static_cast<unsigned char>(a.bytes[i]);
            const auto y = static_cast<unsigned char>(b.bytes[i]);
            if (x != y) return x <=> y;
        }
        return a.bytes.size() <=> b.bytes.size();
    }
    friend bool operator==(const binary&, const binary&) = default;
};

} // namespace dynorm
