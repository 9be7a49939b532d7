#pragma once
// The asynchronous engine: one loop thread drives any number of requests on libcurl's multi
// interface (curl_multi_poll, woken by curl_multi_wakeup when work arrives). At most
// max_requests_in_flight transfers run at once; more wait in a queue, in the order they came.
// Connections stay alive between requests (the multi handle's connection cache, easy handles
// reused). Timers run on the same loop, so a retry's delay costs no thread and nothing sleeps.
//
// Completions run on the loop thread: they must not block (a blocking perform() from there is
// refused). Whatever ends without a response -- cancelled, or the engine shut down -- completes
// with status 0 and error_type "Cancelled"; every submitted request and timer completes exactly
// once. The loop's state is shared with its thread, so the engine may even be destroyed from a
// completion on its own loop.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/detail/curl_transfer.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/http_client.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

namespace detail {

// A request or a timer in the loop's hands, named by a number that is never reused.
using loop_ticket = std::uint64_t;

inline http_response cancelled_response() {
    http_response r;
    r.error_type = "Cancelled";
    r.body = "the request was cancelled";
    return r;
}

// Everything the loop thread works on. Owned jointly by the engine and its thread.
class multi_loop {
public:
    using completion = std::function<void(http_response&&)>;
    using timer_callback = std::function<void(bool cancelled)>;

    multi_loop(const resolved_config& config)
        : settings_(config), max_in_flight_(std::max<std::size_t>(1, config.max_requests_in_flight)),
          max_idle_(config.max_idle_connections), multi_(curl_multi_init()) {
        if (!multi_) throw transport_error("dynorm: curl_multi_init failed");
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS,
                          static_cast<long>(std::max(max_in_flight_, config.max_idle_connections)));
    }
    multi_loop(const multi_loop&) = delete;
    multi_loop& operator=(const multi_loop&) = delete;
    ~multi_loop() {
        idle_.clear(); // easy handles before their multi handle
        curl_multi_cleanup(multi_);
    }

    loop_ticket submit(prepared_request request, completion done) {
        std::unique_lock lock(mutex_);
        const loop_ticket t = ++last_ticket_;
        if (exited_) {
            lock.unlock();
            done(cancelled_response());
            return t;
        }
        incoming_.push_back(std::make_unique<job>(t, std::move(request), std::move(done)));
        wake(lock);
        return t;
    }

    loop_ticket after(std::chrono::milliseconds delay, timer_callback fn) {
        std::unique_lock lock(mutex_);
        const loop_ticket t = ++last_ticket_;
        if (exited_) {
            lock.unlock();
            fn(true);
            return t;
        }
        incoming_timers_.push_back(timer{t, std::chrono::steady_clock::now() + delay, std::move(fn)});
        wake(lock);
        return t;
    }

    // Ends a queued or running request, or a pending timer, as cancelled. Nothing happens to a
    // ticket that already completed.
    void cancel(loop_ticket t) {
        std::unique_lock lock(mutex_);
        if (exited_) return;
        cancels_.push_back(t);
        wake(lock);
    }

    void stop() {
        std::unique_lock lock(mutex_);
        stopping_ = true;
        wake(lock);
    }

    bool on_loop_thread() const noexcept { return std::this_thread::get_id() == loop_thread_.load(); }
    // Once set, no completion but "Cancelled" runs: a completion may have destroyed the engine's
    // owner, so what follows it in the same round must not reach that owner.
    bool stopping() const noexcept { return stopping_.load(); }

    // Transfers running now (for tests and the benchmarks).
    std::size_t in_flight() const {
        std::lock_guard lock(mutex_);
        return in_flight_count_;
    }

    void run() {
        loop_thread_ = std::this_thread::get_id();
        for (;;) {
            if (!take_incoming()) break;
            start_queued();
            int still_running = 0;
            curl_multi_perform(multi_, &still_running);
            finish_done_transfers();
            fire_due_timers();
            curl_multi_poll(multi_, nullptr, 0, wait_ms(), nullptr);
        }
        shut_down();
    }

private:
    struct job {
        job(loop_ticket t, prepared_request r, completion d) : ticket(t), request(std::move(r)), done(std::move(d)) {}
        loop_ticket ticket;
        prepared_request request;
        completion done;
        transfer exchange;  // declared first, so the handle using its headers goes first
        curl_handle handle;
    };
    struct timer {
        loop_ticket ticket;
        std::chrono::steady_clock::time_point due;
        timer_callback fn;
    };

    // From another thread, poll is interrupted; on the loop thread (a completion starting the
    // next request) the loop just doesn't sleep before taking it: no system call.
    void wake(std::unique_lock<std::mutex>& lock) {
        if (woken_) return;
        woken_ = true;
        if (on_loop_thread()) return;
        lock.unlock();
        curl_multi_wakeup(multi_);
    }

    // Moves what other threads handed over into the loop's own lists and applies cancellations.
    // Returns false once the engine is stopping.
    bool take_incoming() {
        std::vector<std::unique_ptr<job>> jobs;
        std::vector<timer> timers;
        std::vector<loop_ticket> cancels;
        {
            std::lock_guard lock(mutex_);
            woken_ = false;
            if (stopping_) return false;
            jobs.swap(incoming_);
            timers.swap(incoming_timers_);
            cancels.swap(cancels_);
        }
        for (auto& j : jobs) queue_.push_back(std::move(j));
        for (auto& t : timers) timers_.emplace(t.due, std::move(t));
        for (const loop_ticket t : cancels) cancel_now(t);
        return true;
    }

    void cancel_now(loop_ticket t) {
        if (auto q = std::find_if(queue_.begin(), queue_.end(), [t](const auto& j) { return j->ticket == t; });
            q != queue_.end()) {
            std::unique_ptr<job> j = std::move(*q);
            queue_.erase(q);
            j->done(cancelled_response());
            return;
        }
        if (auto r = std::find_if(running_.begin(), running_.end(), [t](const auto& j) { return j->ticket == t; });
            r != running_.end()) {
            std::unique_ptr<job> j = std::move(*r);
            running_.erase(r);
            curl_multi_remove_handle(multi_, j->handle.get()); // its connection is closed, not reused
            count_in_flight();
            j->done(cancelled_response());
            return;
        }
        for (auto it = timers_.begin(); it != timers_.end(); ++it)
            if (it->second.ticket == t) {
                timer_callback fn = std::move(it->second.fn);
                timers_.erase(it);
                fn(true);
                return;
            }
    }

    void start_queued() {
        while (!queue_.empty() && running_.size() < max_in_flight_) {
            std::unique_ptr<job> j = std::move(queue_.front());
            queue_.pop_front();
            try {
                if (!idle_.empty()) {
                    j->handle = std::move(idle_.back());
                    idle_.pop_back();
                } else {
                    j->handle = settings_.new_handle();
                }
                j->exchange.bind(j->handle.get(), settings_, j->request);
                curl_easy_setopt(j->handle.get(), CURLOPT_PRIVATE, j.get());
                if (curl_multi_add_handle(multi_, j->handle.get()) != CURLM_OK)
                    throw transport_error("dynorm: curl_multi_add_handle failed");
            } catch (const std::exception& e) {
                if (stopping()) {
                    j->done(cancelled_response());
                    continue;
                }
                http_response r;
                r.error_type = "ConnectionError";
                r.body = e.what();
                j->done(std::move(r));
                continue;
            }
            running_.push_back(std::move(j));
        }
        count_in_flight();
    }

    void finish_done_transfers() {
        int left = 0;
        while (!stopping()) {
            CURLMsg* msg = curl_multi_info_read(multi_, &left);
            if (!msg) break;
            if (msg->msg != CURLMSG_DONE) continue;
            CURL* h = msg->easy_handle;
            const CURLcode rc = msg->data.result;
            auto r = std::find_if(running_.begin(), running_.end(), [h](const auto& j) { return j->handle.get() == h; });
            if (r == running_.end()) continue;
            std::unique_ptr<job> j = std::move(*r);
            running_.erase(r);
            curl_multi_remove_handle(multi_, h);
            if (j->exchange.finish(h, rc, settings_) && idle_.size() < max_idle_) idle_.push_back(std::move(j->handle));
            j->handle.reset();
            count_in_flight();
            j->done(std::move(j->exchange.response));
        }
        if (!stopping()) start_queued(); // the slots just freed
    }

    void fire_due_timers() {
        const auto now = std::chrono::steady_clock::now();
        while (!timers_.empty() && timers_.begin()->first <= now && !stopping()) {
            timer_callback fn = std::move(timers_.begin()->second.fn);
            timers_.erase(timers_.begin());
            fn(false);
        }
    }

    // How long the loop may sleep: until the next timer or libcurl's own deadline, at most 1 s.
    int wait_ms() const {
        {
            std::lock_guard lock(mutex_);
            if (woken_) return 0; // work handed over from the loop thread itself
        }
        long ms = 1000;
        long curl_ms = -1;
        curl_multi_timeout(multi_, &curl_ms);
        if (curl_ms >= 0) ms = std::min(ms, curl_ms);
        if (!timers_.empty()) {
            const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(timers_.begin()->first -
                                                                                     std::chrono::steady_clock::now());
            ms = std::min<long>(ms, std::max<long>(0, until.count() + 1));
        }
        if (!queue_.empty() && running_.size() < max_in_flight_) ms = 0;
        return static_cast<int>(ms);
    }

    void count_in_flight() {
        std::lock_guard lock(mutex_);
        in_flight_count_ = running_.size();
    }

    // Everything still pending completes as cancelled, including what completions submit meanwhile.
    void shut_down() {
        for (;;) {
            std::vector<std::unique_ptr<job>> jobs;
            std::vector<timer> timers;
            {
                std::lock_guard lock(mutex_);
                jobs.swap(incoming_);
                timers.swap(incoming_timers_);
                cancels_.clear();
                if (jobs.empty() && timers.empty() && queue_.empty() && running_.empty() && timers_.empty()) {
                    exited_ = true;
                    in_flight_count_ = 0;
                    return;
                }
            }
            for (auto& j : running_) curl_multi_remove_handle(multi_, j->handle.get());
            for (auto& j : running_) jobs.push_back(std::move(j));
            running_.clear();
            for (auto& j : queue_) jobs.push_back(std::move(j));
            queue_.clear();
            for (auto& [due, t] : timers_) timers.push_back(std::move(t));
            timers_.clear();
            for (auto& j : jobs) j->done(cancelled_response());
            for (auto& t : timers) t.fn(true);
        }
    }

    transfer_settings settings_;
    std::size_t max_in_flight_;
    std::size_t max_idle_;
    CURLM* multi_;
    std::atomic<std::thread::id> loop_thread_{};

    // Shared with other threads, under mutex_.
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<job>> incoming_;
    std::vector<timer> incoming_timers_;
    std::vector<loop_ticket> cancels_;
    loop_ticket last_ticket_ = 0;
    bool woken_ = false, exited_ = false;
    std::atomic<bool> stopping_{false};
    std::size_t in_flight_count_ = 0;

    // The loop thread's own.
    std::deque<std::unique_ptr<job>> queue_;
    std::vector<std::unique_ptr<job>> running_;
    std::multimap<std::chrono::steady_clock::time_point, timer> timers_;
    std::vector<curl_handle> idle_;
};

} // namespace detail

class multi_engine : public http_engine {
public:
    using ticket = detail::loop_ticket;

    explicit multi_engine(const resolved_config& config) {
        detail::global_curl_init();
        loop_ = std::make_shared<detail::multi_loop>(config);
        thread_ = std::thread([loop = loop_] { loop->run(); });
    }
    multi_engine(const multi_engine&) = delete;
    multi_engine& operator=(const multi_engine&) = delete;
    // Every pending request and timer completes as cancelled before this returns (or, when the
    // engine goes from a completion on its own loop, right after that completion).
    ~multi_engine() override {
        loop_->stop();
        if (loop_->on_loop_thread())
            thread_.detach(); // the thread holds the loop's state and finishes on its own
        else
            thread_.join();
    }

    // Queues a request; `done` runs once on the loop thread with its response. The request's
    // url and body views must stay valid until then (what `done` captures can own them).
    ticket submit(prepared_request request, detail::multi_loop::completion done) {
        return loop_->submit(std::move(request), std::move(done));
    }
    // Runs `fn(false)` on the loop thread after `delay`, or `fn(true)` when cancelled first.
    ticket after(std::chrono::milliseconds delay, detail::multi_loop::timer_callback fn) {
        return loop_->after(delay, std::move(fn));
    }
    void cancel(ticket t) { loop_->cancel(t); }
    bool on_loop_thread() const noexcept { return loop_->on_loop_thread(); }
    std::size_t in_flight() const { return loop_->in_flight(); }
    // The loop's state, for what must outlive the engine object (cancellation handles).
    const std::shared_ptr<detail::multi_loop>& loop() const noexcept { return loop_; }

    // The blocking call on this engine: the sync API can share the loop and its connections.
    http_response perform(const prepared_request& request) override {
        if (on_loop_thread()) // the transport says so first; this guards direct use
            throw error("dynorm: a blocking call inside an asynchronous completion would wait for its own loop; "
                        "use the _async call (co_await it) instead");
        std::mutex m;
        std::condition_variable cv;
        std::optional<http_response> result;
        submit(request, [&](http_response&& r) {
            std::lock_guard lock(m);
            result = std::move(r);
            cv.notify_one();
        });
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return result.has_value(); });
        return std::move(*result);
    }

private:
    std::shared_ptr<detail::multi_loop> loop_;
    std::thread thread_;
};

} // namespace dynorm
