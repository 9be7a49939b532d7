// Iterating a big table keeps memory flat: only one page is held at a time. 100,000 items of
// about 1 KB (some 100 MB in all) are scanned while the process's resident size is measured.
#include "support/servers.hpp"

#include <fstream>
#include <unistd.h>

namespace memory_test {
struct Blob {
    std::string id;
    int n = 0;
    std::string payload;
};
} // namespace memory_test

template <>
struct dynorm::schema<memory_test::Blob> {
    static constexpr std::string_view table = "blobs";
    static constexpr auto hash_key = &memory_test::Blob::id;
};

using memory_test::Blob;

namespace {
std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages_total = 0, pages_resident = 0;
    statm >> pages_total >> pages_resident;
    return pages_resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}
} // namespace

TEST_CASE("memory stays flat while iterating 100,000 items", "[integration][memory]") {
    constexpr std::size_t count = 100000;
    for (const auto& server : dynorm_test::servers()) {
        INFO(server.name);
        const dynorm::client db = dynorm_test::client_for(server);
        dynorm_test::scoped_table<Blob> blobs(db, "memory");
        {
            auto batch = blobs->batch_writer();
            for (std::size_t i = 0; i < count; ++i)
                batch.put({"blob-" + std::to_string(i), static_cast<int>(i), std::string(1000, static_cast<char>('a' + i % 26))});
        }

        std::size_t seen = 0, bytes = 0, baseline = 0, peak = 0;
        long long sum = 0;
        for (const Blob& b : blobs->scan()) {
            if (seen == 2000) baseline = resident_bytes(); // after the first pages: buffers warmed up
            if (seen > 2000 && seen % 5000 == 0) peak = std::max(peak, resident_bytes());
            ++seen;
            bytes += b.payload.size();
            sum += b.n;
        }
        CHECK(seen == count);
        CHECK(sum == static_cast<long long>(count) * (count - 1) / 2);
        CHECK(bytes == count * 1000);
        INFO("resident after 2,000 items: " << baseline / 1024 << " KiB, peak later: " << peak / 1024 << " KiB");
        // the items add up to ~100 MB; a page is at most 1 MB: growth beyond a few pages means
        // something keeps items it shouldn't
        CHECK(peak < baseline + 16 * 1024 * 1024);
    }
}
