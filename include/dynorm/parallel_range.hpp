#pragma once
// The result of parallel_scan: the segments of a scan read concurrently, one thread per segment,
// over the client's connection pool. Workers hand whole pages to the reader through a small
// queue (at most two pages per segment wait), so memory stays bounded however big the table is.
// An error in any segment stops the others and is rethrown to the reader.

#include <dynorm/version.hpp>
#include <dynorm/item_range.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

template <class T>
class parallel_range {
public:
    // Makes the scan of one segment (0 .. segments-1).
    using segment_scan = std::function<item_range<T>(int segment)>;

    parallel_range(int segments, segment_scan scan) : state_(std::make_unique<state>()) {
        if (segments < 1 || segments > 1000000)
            throw encode_error("a parallel scan has 1 to 1,000,000 segments");
        state_->segments = segments;
        state_->scan = std::move(scan);
    }
    parallel_range(parallel_range&&) noexcept = default;
    parallel_range& operator=(parallel_range&&) noexcept = default;
    ~parallel_range() {
        if (state_) state_->stop();
    }

    class iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using iterator_concept = std::input_iterator_tag;
        iterator() = default;
        explicit iterator(parallel_range* range) : range_(range) {}
        const T& operator*() const { return range_->state_->batch[range_->state_->position]; }
        const T* operator->() const { return &**this; }
        iterator& operator++() {
            range_->state_->advance();
            return *this;
        }
        void operator++(int) { ++*this; }
        friend bool operator==(const iterator& it, std::default_sentinel_t) { return it.at_end(); }

    private:
        bool at_end() const { return !range_ || range_->state_->finished; }
        parallel_range* range_ = nullptr;
    };

    iterator begin() {
        if (state_->workers.empty()) {
            state_->start();
            state_->next_batch();
        }
        return iterator(this);
    }
    std::default_sentinel_t end() const { return {}; }

private:
    struct state {
        int segments = 1;
        segment_scan scan;
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<std::vector<T>> ready; // pages waiting for the reader
        int running = 0;
        bool stopping = false;
        std::exception_ptr failure;
        std::vector<std::thread> workers;
        std::vector<T> batch; // the page being read
        std::size_t position = 0;
        bool finished = false;

        void start() {
            running = segments;
            for (int segment = 0; segment < segments; ++segment)
                workers.emplace_back([this, segment] { work(segment); });
        }

        void work(int segment) {
            try {
                auto range = scan(segment);
                for (const auto& p : range.pages()) {
                    if (p.items.empty()) continue;
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stopping || ready.size() < 2 * static_cast<std::size_t>(segments); });
                    if (stopping) break;
                    ready.push_back(p.items);
                    changed.notify_all();
                }
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                stopping = true;
            }
            std::lock_guard lock(mutex);
            --running;
            changed.notify_all();
        }

        void next_batch() {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return !ready.empty() || running == 0 || failure; });
            if (failure) {
                lock.unlock();
                stop();
                std::rethrow_exception(failure);
            }
            if (ready.empty()) {
                finished = true;
                return;
            }
            batch = std::move(ready.front());
            ready.pop_front();
            position = 0;
            changed.notify_all();
        }

        void advance() {
            if (++position < batch.size()) return;
            next_batch();
        }

        void stop() {
            {
                std::lock_guard lock(mutex);
                stopping = true;
            }
            changed.notify_all();
            for (auto& w : workers)
                if (w.joinable()) w.join();
        }
    };

    std::unique_ptr<state> state_;
};

} // namespace dynorm
