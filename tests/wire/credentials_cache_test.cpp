// The refreshing credentials cache on an injected clock: nothing fetched up front, the advisory
// window refreshes in the background and keeps serving, the mandatory window blocks, one fetch
// however many threads ask, and static stability when a metadata source is down.
#include <dynorm/wire/credentials/cache.hpp>
#include <dynorm/wire/credentials/chain.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using time_point = std::chrono::system_clock::time_point;

// A source whose answers the test scripts: each fetch gives credentials "AKID<n>" valid for an
// hour from the test clock, or fails while `failing` is set.
class scripted_source : public dynorm::credentials_provider {
public:
    explicit scripted_source(std::atomic<time_point>& clock, bool stable = false) : clock_(clock), stable_(stable) {}
    std::string name() const override { return "scripted"; }
    bool static_stability() const override { return stable_; }
    dynorm::resolved_credentials fetch() override {
        std::this_thread::sleep_for(delay);
        const int n = ++fetches;
        if (failing) throw dynorm::credentials_error("scripted", "the source is down");
        dynorm::resolved_credentials c;
        c.credentials = {"AKID" + std::to_string(n), "secret", "token"};
        c.expiry = clock_.load() + 1h;
        c.source = "scripted";
        return c;
    }
    std::atomic<int> fetches{0};
    std::atomic<bool> failing{false};
    std::chrono::milliseconds delay{0};

private:
    std::atomic<time_point>& clock_;
    bool stable_;
};

struct fixture {
    std::atomic<time_point> clock{time_point(std::chrono::sys_days(std::chrono::year(2026) / 12 / 2))};
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<dynorm::credentials_event> events;

    dynorm::credentials_cache::event_function recorder() {
        return [this](const dynorm::credentials_event& e) {
            std::lock_guard lock(mutex);
            events.push_back(e);
            changed.notify_all();
        };
    }
    // Waits (real time) for the n-th event.
    dynorm::credentials_event wait_event(std::size_t n) {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, 10s, [&] { return events.size() >= n; }));
        return events[n - 1];
    }
    dynorm::credentials_cache::clock_function now() {
        return [this] { return clock.load(); };
    }
};

// No jitter: the windows start exactly 15 and 5 minutes before expiry.
double no_jitter() { return 0.0; }

} // namespace

TEST_CASE("nothing is fetched until credentials are asked for, then they are kept", "[credentials][cache]") {
    fixture f;
    auto source = std::make_shared<scripted_source>(f.clock);
    dynorm::credentials_cache cache(source, f.now(), f.recorder(), {}, no_jitter);
    CHECK(source->fetches == 0);
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    f.clock = f.clock.load() + 44min; // 16 minutes left: still fresh
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    CHECK(source->fetches == 1);
    CHECK(f.wait_event(1).what == dynorm::credentials_event::kind::refreshed);
}

TEST_CASE("the advisory window refreshes in the background and keeps serving", "[credentials][cache]") {
    fixture f;
    auto source = std::make_shared<scripted_source>(f.clock);
    dynorm::credentials_cache cache(source, f.now(), f.recorder(), {}, no_jitter);
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    f.wait_event(1);
    f.clock = f.clock.load() + 50min; // 10 minutes left
    source->delay = 100ms;
    const auto started = std::chrono::steady_clock::now();
    CHECK(cache.current()->credentials.access_key_id == "AKID1"); // served at once, not waiting for the refresh
    CHECK(std::chrono::steady_clock::now() - started < 100ms);
    const auto e = f.wait_event(2);
    CHECK(e.what == dynorm::credentials_event::kind::refreshed);
    CHECK(cache.current()->credentials.access_key_id == "AKID2");

    // A failing background refresh is reported, the current credentials stay, and it is
    // tried again only after a minute.
    source->delay = 0ms;
    source->failing = true;
    f.clock = f.clock.load() + 50min;
    CHECK(cache.current()->credentials.access_key_id == "AKID2");
    const auto failed = f.wait_event(3);
    CHECK(failed.what == dynorm::credentials_event::kind::refresh_failed);
    CHECK_THAT(failed.message, Catch::Contains("the source is down"));
    CHECK(cache.current()->credentials.access_key_id == "AKID2");
    CHECK(source->fetches == 3);
    f.clock = f.clock.load() + 2min;
    source->failing = false;
    CHECK(cache.current()->credentials.access_key_id == "AKID2");
    CHECK(f.wait_event(4).what == dynorm::credentials_event::kind::refreshed);
    CHECK(cache.current()->credentials.access_key_id == "AKID4");
}

TEST_CASE("the mandatory window blocks for a refresh and its error reaches the caller", "[credentials][cache]") {
    fixture f;
    auto source = std::make_shared<scripted_source>(f.clock);
    dynorm::credentials_cache cache(source, f.now(), f.recorder(), {}, no_jitter);
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    f.clock = f.clock.load() + 56min; // 4 minutes left
    CHECK(cache.current()->credentials.access_key_id == "AKID2");
    f.clock = f.clock.load() + 58min;
    source->failing = true;
    CHECK_THROWS_WITH(cache.current(), "dynorm: credentials from scripted: the source is down");
    source->failing = false;
    CHECK(cache.current()->credentials.access_key_id == "AKID4");
}

TEST_CASE("eight threads asking at once cause one fetch", "[credentials][cache]") {
    fixture f;
    auto source = std::make_shared<scripted_source>(f.clock);
    source->delay = 200ms;
    dynorm::credentials_cache cache(source, f.now(), {}, {}, no_jitter);
    std::vector<std::thread> threads;
    std::atomic<int> right{0};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            if (cache.current()->credentials.access_key_id == "AKID1") ++right;
        });
    for (auto& t : threads) t.join();
    CHECK(right == 8);
    CHECK(source->fetches == 1);

    // In the mandatory window too, and a failure reaches every waiting thread from one fetch.
    f.clock = f.clock.load() + 59min;
    source->failing = true;
    std::atomic<int> errors{0};
    threads.clear();
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            try {
                (void)cache.current();
            } catch (const dynorm::credentials_error&) {
                ++errors;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(errors == 8);
    CHECK(source->fetches < 1 + 8); // waiters that queued behind the failed fetch share its error
}

TEST_CASE("a metadata source that is down keeps its expired credentials a few minutes", "[credentials][cache]") {
    fixture f;
    auto source = std::make_shared<scripted_source>(f.clock, true);
    dynorm::credentials_cache cache(source, f.now(), f.recorder(), {}, no_jitter);
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    f.wait_event(1);
    source->failing = true;
    f.clock = f.clock.load() + 61min; // expired
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    const auto e = f.wait_event(2);
    CHECK(e.what == dynorm::credentials_event::kind::serving_stale);
    CHECK_THAT(e.message, Catch::Contains("the source is down"));
    f.clock = f.clock.load() + 4min; // within the extension (5 minutes with no jitter): no new fetch
    const int fetches = source->fetches;
    CHECK(cache.current()->credentials.access_key_id == "AKID1");
    CHECK(source->fetches == fetches);
    source->failing = false;
    f.clock = f.clock.load() + 2min; // past it: fetched again
    CHECK(cache.current()->credentials.access_key_id == "AKID" + std::to_string(fetches + 1));

    // Through the default chain too: it is as stable as the source that answered.
    fixture h;
    auto metadata_like = std::make_shared<scripted_source>(h.clock, true);
    auto chain = std::make_shared<dynorm::credentials_chain>(
        std::vector<std::shared_ptr<dynorm::credentials_provider>>{metadata_like});
    CHECK_FALSE(chain->static_stability()); // nothing answered yet
    dynorm::credentials_cache through_chain(chain, h.now(), {}, {}, no_jitter);
    (void)through_chain.current();
    CHECK(chain->static_stability());
    metadata_like->failing = true;
    h.clock = h.clock.load() + 61min;
    CHECK(through_chain.current()->credentials.access_key_id == "AKID1");

    // A source without static stability fails instead.
    fixture g;
    auto plain = std::make_shared<scripted_source>(g.clock, false);
    dynorm::credentials_cache strict(plain, g.now(), {}, {}, no_jitter);
    (void)strict.current();
    plain->failing = true;
    g.clock = g.clock.load() + 61min;
    CHECK_THROWS_AS(strict.current(), dynorm::credentials_error);
}

TEST_CASE("credentials that would break a header are refused from any source", "[credentials][cache]") {
    class bad_source : public dynorm::credentials_provider {
    public:
        std::string name() const override { return "bad"; }
        dynorm::resolved_credentials fetch() override {
            dynorm::resolved_credentials c;
            c.credentials = {"AKID", "secret", "token\r\nX-Evil: 1"};
            return c;
        }
    };
    dynorm::credentials_cache cache(std::make_shared<bad_source>());
    CHECK_THROWS_WITH(cache.current(), "dynorm: credentials from bad: the session token contains spaces or control characters");
}
