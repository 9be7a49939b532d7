#pragma once
// dynorm::batch_writer<T>: boto3's batch_writer, typed. put() and remove() buffer requests (each
// item is encoded and checked right away, so a bad item fails at put(), before anything is sent);
// every 25 go out as one BatchWriteItem, with several requests in flight; UnprocessedItems are
// resent with full-jitter exponential backoff until done or out of attempts; what never got
// through is listed by failed(), and flush() / close() throw batch_write_error naming it.
//
//   {
//       auto batch = users.batch_writer({.overwrite_by_pkeys = true});
//       for (const User& u : many) batch.put(u);
//   } // scope exit flushes
//
// De-duplication: with overwrite_by_pkeys, a later put or remove of a key still in the buffer
// replaces the buffered request (as boto3's overwrite_by_pkeys, with the keys taken from the
// schema); without it, a second request for a key already in a BatchWriteItem waits for the next
// one, since DynamoDB rejects duplicate keys in one request.
//
// Requests for one key keep their order: a request waits while an earlier one for the same key is
// in flight (several BatchWriteItem requests run at once).
//
// The destructor flushes and never throws: if that flush fails (or the writer is destroyed during
// an exception), the failed requests stay in the list returned by failures(), which outlives the
// writer, and options.on_destroy_failure is called with them (by default a line on stderr).

#include <dynorm/table.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace dynorm {

// A request the batch writer couldn't write: the item to put, or the key to delete, and why.
template <class T>
struct failed_write {
    std::variant<T, primary_key<T>> request;
    std::string reason;
};

template <class T>
class batch_write_error : public error {
public:
    batch_write_error(std::string what, std::vector<failed_write<T>> failed)
        : error(std::move(what)), failed_(std::move(failed)) {}
    const std::vector<failed_write<T>>& failed() const noexcept { return failed_; }

private:
    std::vector<failed_write<T>> failed_;
};

template <class T>
struct batch_writer_options {
    bool overwrite_by_pkeys = false;
    int max_in_flight = 4;       // BatchWriteItem requests sent at once
    int max_attempts = 10;       // sends of an unprocessed request before it counts as failed
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{5000};
    // Called by the destructor with the requests it couldn't write (default: a line on stderr).
    std::function<void(const std::vector<failed_write<T>>&)> on_destroy_failure;
};

template <class T>
class batch_writer {
public:
    using key_type = primary_key<T>;
    using options = batch_writer_options<T>;

    batch_writer(table<T> target, options opts = {})
        : table_(std::move(target)), options_(std::move(opts)), failures_(std::make_shared<shared_failures>()) {
        if (options_.max_in_flight < 1) throw encode_error("batch_writer: max_in_flight must be at least 1");
        if (options_.max_attempts < 1) throw encode_error("batch_writer: max_attempts must be at least 1");
    }
    batch_writer(const batch_writer&) = delete;
    batch_writer& operator=(const batch_writer&) = delete;

    ~batch_writer() {
        try {
            send_all();
        } catch (...) { // never throw from a destructor: what wasn't sent is kept as failed
            for (auto& r : buffer_) failures_->add({std::move(r.original), "not sent: the flush failed"});
            buffer_.clear();
        }
        const auto failed = failures_->snapshot();
        if (failed.empty()) return;
        if (options_.on_destroy_failure) {
            try {
                options_.on_destroy_failure(failed);
            } catch (...) {
            }
        } else {
            std::fprintf(stderr, "dynorm: batch_writer for table %s could not write %zu request(s); "
                                 "they are kept in batch_writer::failures()\n",
                         table_.name().c_str(), failed.size());
        }
    }

    // Buffers a put of the item (encoded and checked now).
    void put(const T& item) {
        request r;
        r.json = "{\"PutRequest\":{\"Item\":";
        append_item(r.json, item);
        r.json += "}}";
        r.key = key_value(key_of(item));
        r.original = item;
        add(std::move(r));
    }

    // Buffers a delete of the key.
    void remove(const key_type& key) {
        request r;
        r.json = "{\"DeleteRequest\":{\"Key\":";
        append_key<T>(r.json, key);
        r.json += "}}";
        r.key = key_value(key);
        r.original = key;
        add(std::move(r));
    }

    // Sends everything buffered and waits for it. Throws batch_write_error if any request failed
    // (this flush's or an earlier one's); they stay in failed().
    void flush() {
        send_all();
        const auto failed = failures_->snapshot();
        if (!failed.empty())
            throw batch_write_error<T>("dynorm: batch_writer could not write " + std::to_string(failed.size()) +
                                           " request(s) to table " + table_.name() + " (first: " +
                                           failed.front().reason + ")",
                                       failed);
    }
    void close() { flush(); }

    // The requests that failed so far.
    std::vector<failed_write<T>> failed() const { return failures_->snapshot(); }

    // The failure list itself, shared: it outlives the writer (for failures of the destructor).
    std::shared_ptr<const std::vector<failed_write<T>>> failures() const {
        return std::shared_ptr<const std::vector<failed_write<T>>>(failures_, &failures_->items);
    }

    // Requests sent so far (each BatchWriteItem, resends included) and items written.
    std::size_t requests_sent() const { return sent_.load(); }

private:
    struct request {
        std::string json; // {"PutRequest":...} or {"DeleteRequest":...}
        value key;        // the primary key, to de-duplicate and to match unprocessed requests
        std::variant<T, key_type> original;
    };

    struct shared_failures {
        mutable std::mutex mutex;
        std::vector<failed_write<T>> items;
        void add(failed_write<T> f) {
            std::lock_guard lock(mutex);
            items.push_back(std::move(f));
        }
        std::vector<failed_write<T>> snapshot() const {
            std::lock_guard lock(mutex);
            return items;
        }
    };

    static value key_value(const key_type& key) {
        std::string json;
        append_key<T>(json, key);
        return value::from_item_json(json);
    }

    void add(request r) {
        if (options_.overwrite_by_pkeys) {
            for (auto& buffered : buffer_)
                if (buffered.key == r.key) {
                    buffered = std::move(r);
                    return;
                }
        }
        buffer_.push_back(std::move(r));
        if (buffer_.size() >= 25) dispatch_full_batches();
    }

    // Takes up to 25 requests from the front of the buffer whose keys are distinct and not in flight;
    // the keys taken are in flight until their BatchWriteItem is done.
    std::vector<request> take_batch() {
        std::lock_guard lock(keys_mutex_);
        std::vector<request> batch, rest;
        auto busy = [&](const value& key) {
            return std::any_of(batch.begin(), batch.end(), [&](const request& b) { return b.key == key; }) ||
                   std::find(in_flight_keys_.begin(), in_flight_keys_.end(), key) != in_flight_keys_.end();
        };
        for (auto& r : buffer_) {
            // a request behind a waiting one for the same key waits too
            const bool held_back = std::any_of(rest.begin(), rest.end(), [&](const request& w) { return w.key == r.key; });
            if (batch.size() < 25 && !held_back && !busy(r.key)) batch.push_back(std::move(r));
            else rest.push_back(std::move(r));
        }
        buffer_ = std::move(rest);
        for (const auto& r : batch) in_flight_keys_.push_back(r.key);
        return batch;
    }

    void release_keys(const std::vector<value>& keys) {
        std::lock_guard lock(keys_mutex_);
        for (const auto& k : keys) {
            const auto it = std::find(in_flight_keys_.begin(), in_flight_keys_.end(), k);
            if (it != in_flight_keys_.end()) in_flight_keys_.erase(it);
        }
    }

    void wait_oldest() {
        in_flight_.front().get();
        in_flight_.erase(in_flight_.begin());
    }

    void dispatch_full_batches() {
        while (buffer_.size() >= 25) {
            std::vector<request> batch = take_batch();
            if (batch.empty()) wait_oldest(); // everything waits for a key in flight
            else dispatch(std::move(batch));
        }
    }

    void dispatch(std::vector<request> batch) {
        while (in_flight_.size() >= static_cast<std::size_t>(options_.max_in_flight)) wait_oldest();
        std::vector<value> keys;
        for (const auto& r : batch) keys.push_back(r.key);
        in_flight_.push_back(std::async(std::launch::async, [this, b = std::move(batch), k = std::move(keys)]() mutable {
            // the keys must leave the in-flight list whatever happens, or later requests wait forever
            struct release_on_exit {
                batch_writer* writer;
                const std::vector<value>& keys;
                ~release_on_exit() { writer->release_keys(keys); }
            } release{this, k};
            send(std::move(b));
        }));
    }

    void send_all() {
        while (!buffer_.empty()) {
            std::vector<request> batch = take_batch();
            if (!batch.empty()) dispatch(std::move(batch));
            else if (!in_flight_.empty()) wait_oldest();
        }
        while (!in_flight_.empty()) wait_oldest();
    }

    // One BatchWriteItem, resending its unprocessed requests until done or out of attempts.
    void send(std::vector<request> pending) {
        thread_local std::mt19937_64 rng{std::random_device{}()};
        std::string failure_reason;
        for (int attempt = 1; attempt <= options_.max_attempts && !pending.empty(); ++attempt) {
            std::string body = "{\"RequestItems\":{";
            detail::append_json_string(body, table_.name());
            body += ":[";
            for (std::size_t i = 0; i < pending.size(); ++i) {
                if (i) body += ',';
                body += pending[i].json;
            }
            body += "]}}";
            try {
                ++sent_;
                const value response = value::from_json(table_.wire().send("BatchWriteItem", body).body);
                pending = unprocessed(response, std::move(pending));
                failure_reason = "still unprocessed after " + std::to_string(attempt) + " attempt(s)";
            } catch (const service_error& e) {
                // the whole request failed (after the transport's own retries): retry or give up
                failure_reason = e.what();
                if (!retryable(e)) break;
            } catch (const std::exception& e) { // connection, timeout, CRC, a malformed response
                failure_reason = e.what();
            }
            if (pending.empty() || attempt == options_.max_attempts) break;
            const double cap = std::min(static_cast<double>(options_.backoff_base.count()) *
                                            static_cast<double>(1u << std::min(attempt - 1, 20)),
                                        static_cast<double>(options_.backoff_cap.count()));
            std::this_thread::sleep_for(std::chrono::milliseconds(
                static_cast<long>(std::uniform_real_distribution<double>(0.0, 1.0)(rng) * cap)));
        }
        for (auto& r : pending) failures_->add({std::move(r.original), failure_reason});
    }


    static bool retryable(const service_error& e) {
        return dynamic_cast<const throttled*>(&e) != nullptr || e.http_status() >= 500;
    }

    // The requests of `sent` that the response lists as unprocessed.
    std::vector<request> unprocessed(const value& response, std::vector<request> sent) const {
        std::vector<request> left;
        const value* all = response.find("UnprocessedItems");
        const value* mine = all ? all->find(table_.name()) : nullptr;
        if (!mine) return left;
        for (const value& entry : mine->as_list()) {
            value key;
            if (const value* put = entry.find("PutRequest")) {
                const value item = value::from_item_json(put->find("Item")->to_json());
                key = project_key(item);
            } else if (const value* del = entry.find("DeleteRequest")) {
                key = value::from_item_json(del->find("Key")->to_json());
            }
            for (auto& r : sent)
                if (!r.json.empty() && r.key == key) {
                    left.push_back(std::move(r));
                    r.json.clear();
                    break;
                }
        }
        return left;
    }

    static value project_key(const value& item) {
        value key;
        using hash = typename table_schema<T>::hash;
        if (const value* h = item.find(hash::name)) key[hash::name] = *h;
        if constexpr (table_schema<T>::has_range_key) {
            using range = typename detail::range_of<T>::member;
            if (const value* r = item.find(range::name)) key[range::name] = *r;
        }
        return key;
    }

    table<T> table_;
    options options_;
    std::shared_ptr<shared_failures> failures_;
    std::vector<request> buffer_;
    std::vector<std::future<void>> in_flight_;
    std::mutex keys_mutex_;
    std::vector<value> in_flight_keys_;
    std::atomic<std::size_t> sent_{0};
};

template <class T>
batch_writer<T> table<T>::batch_writer(batch_writer_options<T> options) const {
    return dynorm::batch_writer<T>(*this, std::move(options));
}

} // namespace dynorm
