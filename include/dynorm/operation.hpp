#pragma once
// dynorm::operation<R>: an asynchronous call in progress (users.get_async(key), ...), whose result
// is the sync call's result R and whose errors are the sync call's exceptions. Use it the way
// that fits the program:
//
//   std::optional<User> u = co_await users.get_async({"janedoe", "Doe"});  // in a coroutine
//   users.get_async(key).then([](dynorm::operation<std::optional<User>> done) {
//       try { use(done.get()); } catch (const dynorm::error& e) { ... }      // a callback
//   });
//   auto op = users.put_async(item); ...; op.get();                         // wait for it
//
// The operation owns its request and buffers; dropping the object does not stop the call (it
// runs to its end and its result is dropped), cancel() or a stop token does. Completions -- the
// callback, or the coroutine's resumption after co_await -- run on the engine's loop thread, so
// they must not block: a blocking dynorm call from there is refused with dynorm::error; call the
// _async one. An exception leaving a callback ends the program, as one leaving a thread does.

#include <dynorm/version.hpp>
#include <dynorm/error.hpp>

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>
#include <variant>

namespace dynorm::inline DYNORM_ABI {

template <class R>
class operation;

namespace detail {

// What an operation and the call that completes it share.
template <class R>
class operation_state {
public:
    struct nothing {};
    using stored = std::conditional_t<std::is_void_v<R>, nothing, R>;

    void succeed(stored value) { finish(std::move(value)); }
    void fail(std::exception_ptr e) { finish(std::move(e)); }

    // How the call is stopped, set by whoever started it.
    void set_canceller(std::function<void()> cancel) {
        std::unique_lock lock(mutex_);
        if (done_) return;
        canceller_ = std::move(cancel);
        if (cancel_requested_) {
            auto c = canceller_;
            lock.unlock();
            c();
        }
    }
    void cancel() {
        std::unique_lock lock(mutex_);
        if (done_ || cancel_requested_) return;
        cancel_requested_ = true;
        auto c = canceller_;
        lock.unlock();
        if (c) c();
    }

    bool ready() const {
        std::lock_guard lock(mutex_);
        return done_;
    }
    void wait() const {
        std::unique_lock lock(mutex_);
        done_cv_.wait(lock, [this] { return done_; });
    }
    // Runs `next` when the result is in: now (and true is returned) if it already is. One
    // continuation per operation: a second would silently replace the first.
    bool on_done(std::function<void()> next) {
        std::lock_guard lock(mutex_);
        if (continued_)
            throw error("dynorm: an operation continues once: give it one then() callback or co_await it once");
        continued_ = true;
        if (done_) return true;
        next_ = std::move(next);
        return false;
    }
    R take() {
        std::lock_guard lock(mutex_);
        if (auto* e = std::get_if<std::exception_ptr>(&result_)) std::rethrow_exception(*e);
        if (auto* v = std::get_if<stored>(&result_)) {
            if constexpr (std::is_void_v<R>)
                return;
            else {
                stored out = std::move(*v);
                result_ = taken{};
                return out;
            }
        }
        throw error("dynorm: an operation's result was taken already (get() and co_await take it once)");
    }

    std::optional<std::stop_callback<std::function<void()>>> stop_watch;

private:
    struct pending {};
    struct taken {};
    template <class V>
    void finish(V&& v) {
        std::function<void()> next;
        {
            std::lock_guard lock(mutex_);
            if (done_) return;
            result_ = std::forward<V>(v);
            done_ = true;
            next = std::move(next_);
            canceller_ = nullptr; // what it holds (the request) may go now
            done_cv_.notify_all();
        }
        if (next) next();
    }

    mutable std::mutex mutex_;
    mutable std::condition_variable done_cv_;
    std::variant<pending, stored, std::exception_ptr, taken> result_;
    bool done_ = false, cancel_requested_ = false, continued_ = false;
    std::function<void()> next_;
    std::function<void()> canceller_;
};

} // namespace detail

template <class R>
class [[nodiscard("an operation runs without being awaited, but its result and errors are lost")]] operation {
public:
    using result_type = R;

    // A new operation and the state its call completes.
    static std::pair<operation, std::shared_ptr<detail::operation_state<R>>> make() {
        auto state = std::make_shared<detail::operation_state<R>>();
        return {operation(state), state};
    }

    bool ready() const { return state_->ready(); }
    void wait() const { state_->wait(); }
    // Waits for the result and returns it, or rethrows the call's error. Once.
    R get() {
        state_->wait();
        return state_->take();
    }

    // Asks the call to stop: it ends with dynorm::cancelled unless its result is already in.
    void cancel() { state_->cancel(); }
    // cancel() when `token` is stopped.
    operation& stop_when(std::stop_token token) & {
        std::weak_ptr<detail::operation_state<R>> weak = state_;
        state_->stop_watch.emplace(std::move(token), std::function<void()>([weak] {
                                       if (auto s = weak.lock()) s->cancel();
                                   }));
        return *this;
    }
    operation&& stop_when(std::stop_token token) && { return std::move(stop_when(std::move(token))); }

    // Calls `f(operation)` with this (finished) operation when the result is in: on the loop
    // thread, or right here if it already is. f takes the result with get().
    template <class F>
        requires std::invocable<F&, operation<R>>
    void then(F f) {
        auto self = *this;
        if (state_->on_done([f = std::move(f), self]() mutable { f(self); })) f(self);
    }

    // co_await: resumes the coroutine on the loop thread with the result, or rethrows the error.
    bool await_ready() const { return state_->ready(); }
    bool await_suspend(std::coroutine_handle<> waiting) {
        return !state_->on_done([waiting] { waiting.resume(); });
    }
    R await_resume() { return state_->take(); }

private:
    explicit operation(std::shared_ptr<detail::operation_state<R>> s) : state_(std::move(s)) {}
    std::shared_ptr<detail::operation_state<R>> state_;
};

} // namespace dynorm
