#pragma once
// A minimal coroutine type for the tests and examples of the asynchronous API (dynorm ships
// none: users bring their framework's). It starts at once, runs to its end, and can be waited
// for; an exception leaving the coroutine is rethrown by wait().

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <memory>
#include <mutex>

namespace dynorm_test {

class task {
public:
    struct state {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        std::exception_ptr error;
    };

    struct promise_type {
        std::shared_ptr<state> shared = std::make_shared<state>();
        task get_return_object() { return task(shared); }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() { finish(nullptr); }
        void unhandled_exception() { finish(std::current_exception()); }
        void finish(std::exception_ptr e) {
            std::lock_guard lock(shared->mutex);
            shared->error = std::move(e);
            shared->done = true;
            shared->cv.notify_all();
        }
    };

    // Waits for the coroutine's end; rethrows what escaped it.
    void wait() const {
        std::unique_lock lock(state_->mutex);
        state_->cv.wait(lock, [this] { return state_->done; });
        if (state_->error) std::rethrow_exception(state_->error);
    }

private:
    explicit task(std::shared_ptr<state> s) : state_(std::move(s)) {}
    std::shared_ptr<state> state_;
};

} // namespace dynorm_test
