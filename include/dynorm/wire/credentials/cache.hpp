#pragma once
// The refreshing cache in front of a credentials source. Nothing is fetched until the first
// request asks. Then, for credentials that expire:
//   fresh        until 15 minutes (less up to a minute of jitter) before expiry: served as they are
//   advisory     from then until 5 minutes before expiry: served, and one refresh starts in the
//                background; its failure is reported (credentials_event) and retried a minute later
//   mandatory    the last 5 minutes and after: callers wait for one refresh (however many threads
//                ask, one fetch runs), and its error reaches them
// A source with static stability (instance metadata, containers) that fails at that point keeps
// serving the expired credentials for 5 to 10 more minutes, and says so through the event hook:
// an outage of the metadata service shouldn't stop a fleet whose keys STS still honours.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/credentials/provider.hpp>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace dynorm::inline DYNORM_ABI {

struct credentials_event {
    enum class kind { refreshed, refresh_failed, serving_stale };
    kind what;
    std::string source;
    std::string message; // why a refresh failed; never a secret
    std::optional<std::chrono::system_clock::time_point> expiry;
};

struct refresh_policy {
    std::chrono::seconds advisory{15 * 60};
    std::chrono::seconds mandatory{5 * 60};
    std::chrono::seconds jitter{60};
    std::chrono::seconds stale_extension{5 * 60}; // plus up to as much again, at random
    std::chrono::seconds retry_after_failure{60};
};

class credentials_cache {
public:
    using clock_function = std::function<std::chrono::system_clock::time_point()>;
    using event_function = std::function<void(const credentials_event&)>;

    explicit credentials_cache(std::shared_ptr<credentials_provider> source, clock_function now = {},
                               event_function on_event = {}, refresh_policy policy = {},
                               std::function<double()> uniform = {})
        : source_(std::move(source)), now_(now ? std::move(now) : [] { return std::chrono::system_clock::now(); }),
          on_event_(std::move(on_event)), policy_(policy), uniform_(std::move(uniform)) {
        if (!uniform_) uniform_ = [] {
            thread_local std::mt19937_64 engine{std::random_device{}()};
            return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
        };
    }
    ~credentials_cache() {
        std::unique_lock lock(mutex_);
        background_done_.wait(lock, [&] { return !background_running_; });
        lock.unlock();
        if (background_.joinable()) background_.join();
    }
    credentials_cache(const credentials_cache&) = delete;
    credentials_cache& operator=(const credentials_cache&) = delete;

    const credentials_provider& source() const noexcept { return *source_; }

    // The credentials to sign with now.
    std::shared_ptr<const resolved_credentials> current() {
        std::unique_lock lock(mutex_);
        if (cached_ && !cached_->expiry) return cached_; // keys that don't expire: no clock read per request
        const auto now = now_();
        if (cached_ && now < advisory_at_) return cached_;
        if (cached_ && now < mandatory_at_) {
            if (!background_running_ && now >= next_background_try_) start_background(lock);
            return cached_;
        }
        if (cached_ && stale_until_ && now < *stale_until_) return cached_;
        const std::uint64_t generation = generation_;
        lock.unlock();

        std::lock_guard flight(flight_);
        lock.lock();
        if (generation_ != generation) { // another caller just refreshed, or failed
            if (last_error_) std::rethrow_exception(last_error_);
            if (cached_) return cached_;
        }
        lock.unlock();
        try {
            resolved_credentials fresh = checked(source_->fetch());
            lock.lock();
            install(std::move(fresh));
            last_error_ = nullptr;
            ++generation_;
            auto out = cached_;
            lock.unlock();
            notify({credentials_event::kind::refreshed, out->source, {}, out->expiry});
            return out;
        } catch (const std::exception& e) {
            lock.lock();
            ++generation_;
            if (cached_ && source_->static_stability()) {
                stale_until_ = now + policy_.stale_extension +
                               std::chrono::seconds(static_cast<long>(uniform_() * static_cast<double>(policy_.stale_extension.count())));
                last_error_ = nullptr;
                auto out = cached_;
                lock.unlock();
                notify({credentials_event::kind::serving_stale, out->source, e.what(), out->expiry});
                return out;
            }
            last_error_ = std::current_exception();
            throw;
        }
    }

    // Forgets the credentials: the next request fetches (after the service rejected them).
    void invalidate() {
        std::lock_guard lock(mutex_);
        cached_.reset();
        stale_until_.reset();
    }

private:
    // Credentials go into headers: a source that hands out control characters is refused.
    resolved_credentials checked(resolved_credentials c) const {
        if (c.credentials.access_key_id.empty() || !detail::visible_ascii(c.credentials.access_key_id))
            throw credentials_error(source_->name(), "the access key id is empty or contains spaces or control characters");
        if (c.credentials.secret_access_key.empty())
            throw credentials_error(source_->name(), "the secret access key is empty");
        if (!detail::visible_ascii(c.credentials.session_token))
            throw credentials_error(source_->name(), "the session token contains spaces or control characters");
        if (c.source.empty()) c.source = source_->name();
        return c;
    }

    void install(resolved_credentials fresh) {
        cached_ = std::make_shared<const resolved_credentials>(std::move(fresh));
        stale_until_.reset();
        if (cached_->expiry) {
            const auto jitter = std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::duration<double>(uniform_() * static_cast<double>(policy_.jitter.count())));
            advisory_at_ = *cached_->expiry - policy_.advisory - jitter;
            mandatory_at_ = *cached_->expiry - policy_.mandatory;
        }
    }

    void start_background(std::unique_lock<std::mutex>&) {
        if (background_.joinable()) background_.join(); // the last one has finished
        background_running_ = true;
        background_ = std::thread([this] {
            std::lock_guard flight(flight_);
            std::string failure;
            std::shared_ptr<const resolved_credentials> out;
            try {
                resolved_credentials fresh = checked(source_->fetch());
                std::lock_guard lock(mutex_);
                install(std::move(fresh));
                ++generation_;
                out = cached_;
            } catch (const std::exception& e) {
                failure = e.what();
            }
            {
                std::lock_guard lock(mutex_);
                next_background_try_ = now_() + policy_.retry_after_failure;
                background_running_ = false;
                background_done_.notify_all();
            }
            // told last: an observer that acts on the event sees the cache ready for the next one
            if (out) notify({credentials_event::kind::refreshed, out->source, {}, out->expiry});
            else notify({credentials_event::kind::refresh_failed, source_->name(), failure, {}});
        });
    }

    void notify(const credentials_event& e) const {
        if (!on_event_) return;
        try {
            on_event_(e);
        } catch (...) {
            // an observer's failure must not become the request's
        }
    }

    std::shared_ptr<credentials_provider> source_;
    clock_function now_;
    event_function on_event_;
    refresh_policy policy_;
    std::function<double()> uniform_;

    std::mutex mutex_;   // the fields below
    std::mutex flight_;  // held by the one fetch in progress
    std::shared_ptr<const resolved_credentials> cached_;
    std::chrono::system_clock::time_point advisory_at_, mandatory_at_, next_background_try_;
    std::optional<std::chrono::system_clock::time_point> stale_until_;
    std::uint64_t generation_ = 0;
    std::exception_ptr last_error_;
    bool background_running_ = false;
    std::condition_variable background_done_;
    std::thread background_;
};

} // namespace dynorm
