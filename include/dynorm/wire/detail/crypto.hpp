#pragma once
// SHA-256 and HMAC-SHA-256 through OpenSSL 3's EVP interface, and lower-case hex.

#include <dynorm/error.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <string>
#include <string_view>

namespace dynorm::detail {

using sha256_digest = std::array<unsigned char, 32>;

inline sha256_digest sha256(std::string_view data) {
    sha256_digest out{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1)
        throw error("dynorm: OpenSSL SHA-256 failed");
    return out;
}

inline sha256_digest hmac_sha256(std::string_view key, std::string_view data) {
    sha256_digest out{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length))
        throw error("dynorm: OpenSSL HMAC-SHA-256 failed");
    return out;
}

inline std::string_view as_view(const sha256_digest& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}

inline std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        out[2 * i] = digits[b >> 4];
        out[2 * i + 1] = digits[b & 15];
    }
    return out;
}

inline std::string to_hex(const sha256_digest& d) { return to_hex(as_view(d)); }

} // namespace dynorm::detail
