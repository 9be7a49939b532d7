#pragma once
// SHA-256, HMAC-SHA-256 (and SHA-1 for file names) through OpenSSL 3's EVP interface, and lower-case hex.
//
// OpenSSL 3 looks an algorithm up ("fetches" it) on every implicit use, which costs more than
// hashing a small request. So SHA-256 is fetched once, each thread reuses one digest context,
// and HMAC (RFC 2104) is built on that digest rather than on the one-shot HMAC(), which fetches
// a MAC each time.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>

#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::detail {

using sha256_digest = std::array<unsigned char, 32>;

inline const EVP_MD* sha256_algorithm() {
    static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                                    &EVP_MD_free);
    if (!md) throw error("dynorm: OpenSSL has no SHA-256");
    return md.get();
}

// Hashes the concatenation of the parts.
template <class... Parts>
sha256_digest sha256_of(const Parts&... parts) {
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                   &EVP_MD_CTX_free);
    sha256_digest out{};
    unsigned int length = 0;
    bool ok = ctx && EVP_DigestInit_ex2(ctx.get(), sha256_algorithm(), nullptr) == 1;
    ((ok = ok && EVP_DigestUpdate(ctx.get(), std::data(parts), std::size(parts)) == 1), ...);
    if (!ok || EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1)
        throw error("dynorm: OpenSSL SHA-256 failed");
    return out;
}

inline sha256_digest sha256(std::string_view data) { return sha256_of(data); }

inline sha256_digest hmac_sha256(std::string_view key, std::string_view data) {
    constexpr std::size_t block = 64;
    std::array<unsigned char, block> key_block{};
    if (key.size() > block) {
        const sha256_digest hashed = sha256(key);
        std::memcpy(key_block.data(), hashed.data(), hashed.size());
    } else {
        std::memcpy(key_block.data(), key.data(), key.size());
    }
    std::array<unsigned char, block> inner_pad{}, outer_pad{};
    for (std::size_t i = 0; i < block; ++i) {
        inner_pad[i] = static_cast<unsigned char>(key_block[i] ^ 0x36);
        outer_pad[i] = static_cast<unsigned char>(key_block[i] ^ 0x5c);
    }
    const sha256_digest inner = sha256_of(inner_pad, data);
    return sha256_of(outer_pad, inner);
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

// Lower-case hex SHA-1: only for naming files the AWS tools name that way (the SSO token cache).
inline std::string sha1_hex(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out, &length, EVP_sha1(), nullptr) != 1)
        throw error("dynorm: OpenSSL SHA-1 failed");
    return to_hex(std::string_view(reinterpret_cast<const char*>(out), length));
}

} // namespace dynorm::detail
