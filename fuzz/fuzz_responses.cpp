// The response readers of every action dynorm sends, fed through the real transport over the
// in-memory engine (no sockets, no threads: many more inputs per second): the first input byte
// picks the action and the HTTP status, the rest is the first response's body; later requests of
// the same call get "{}" (which ends any paging). Error statuses exercise the error-body reader
// (codes, messages, cancellation reasons with items). Any dynorm::error is an accepted answer;
// anything else escaping, a crash, a hang or a leak is a finding.
#include "fuzz_model.hpp"

#include <dynorm/wire/memory_engine.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

using fuzz_model::Rich;

struct harness {
    long status = 200;
    std::string body;
    bool answered = false; // the input answers the first request of a call only
    std::unique_ptr<dynorm::client> db;
    harness() {
        auto engine = std::make_shared<dynorm::memory_engine>([this](const dynorm::memory_engine::request&) {
            if (answered) return dynorm::memory_engine::ok("{}");
            answered = true;
            return dynorm::memory_engine::reply(status, body);
        });
        dynorm::client_config config;
        config.endpoint = "http://fuzz.invalid";
        config.region = "us-east-1";
        config.credentials = dynorm::credentials{"AKIDEXAMPLE", "secret-key", ""};
        config.max_attempts = 1;
        db = std::make_unique<dynorm::client>(config, std::move(engine));
    }
};

void run(const dynorm::client& db, unsigned action) {
    using namespace dynorm::dsl;
    const auto rich = db.table<Rich>();
    switch (action % 10) {
    case 0: (void)rich.get("a"); break;
    case 1: for ([[maybe_unused]] const Rich& r : rich.query(key_<&Rich::id> == "a")) {} break;
    case 2: for ([[maybe_unused]] const auto& p : rich.scan().pages()) {} break;
    case 3: (void)rich.describe(); break;
    case 4: {
        auto batch = rich.batch_writer({.max_attempts = 1, .on_destroy_failure = [](const auto&) {}});
        batch.put(Rich{.id = "a"});
        batch.remove("b");
        batch.flush();
        break;
    }
    case 5: (void)rich.batch_get({"a", "b"}, {.max_attempts = 1}); break;
    case 6: (void)dynorm::transact_get(dynorm::tx::get(rich, "a"), dynorm::tx::get(rich, "b")); break;
    case 7: dynorm::transact_write(dynorm::tx::put(rich, Rich{.id = "a"}), dynorm::tx::remove(rich, "b")); break;
    case 8: (void)rich.update("a", set(attr_<&Rich::when_day>, std::chrono::sys_days{}), {.returns = dynorm::return_values::all_new}); break;
    default: (void)db.list_tables(); break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static harness h;
    if (size == 0) return 0;
    const unsigned selector = data[0];
    const int status = selector & 0x80 ? (selector & 0x40 ? 500 : 400) : 200;
    h.status = status;
    h.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    h.answered = false;
    try {
        run(*h.db, selector & 0x3f);
    } catch (const dynorm::error&) {
    }
    return 0;
}
