#pragma once
// dynorm::batch_writer<T...>: boto3's batch_writer, typed, for one table or several. put() and remove() buffer requests (each
// item is encoded and checked right away, so a bad item fails at put(), before anything is sent);
// every 25 go out as one BatchWriteItem, up to max_in_flight of them in flight on the client's
// asynchronous engine (wire/multi_engine.hpp: no thread per request; the next one goes as soon
// as any of them ends, and a resend waits on a timer of the engine's loop); UnprocessedItems are
// resent with full-jitter exponential backoff until done or out of attempts; what never got
// through is listed by failed(), and flush() / close() throw batch_write_error naming it.
//
//   {
//       auto batch = users.batch_writer({.overwrite_by_pkeys = true});
//       for (const User& u : many) batch.put(u);
//   } // scope exit flushes
//
// Several tables of different item types share the requests (each put goes to its type's table):
//
//   dynorm::batch_writer batch(users, movies);   // batch_writer<User, Movie>
//   batch.put(user);
//   batch.put(movie);
//   batch.remove<Movie>({2013, "Rush"});
//
// De-duplication: with overwrite_by_pkeys, a later put or remove of a key still in the buffer
// replaces the buffered request (as boto3's overwrite_by_pkeys, with the keys taken from the
// schema); without it, a second request for a key already in a BatchWriteItem waits for the next
// one, since DynamoDB rejects duplicate keys in one request.
//
// Requests for one key keep their order: a request waits while an earlier one for the same key is
// in flight (several BatchWriteItem requests run at once, and end in any order).
//
// The destructor flushes and never throws: if that flush fails (or the writer is destroyed during
// an exception), the failed requests stay in the list returned by failures(), which outlives the
// writer, and options.on_destroy_failure is called with them (by default a line on stderr).

#include <dynorm/version.hpp>
#include <dynorm/detail/batch_get.hpp>
#include <dynorm/detail/table_base.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/batch_write_item.hpp>
#include <dynorm/schema/table_schema.hpp>
#include <dynorm/codec/value.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// A request the batch writer couldn't write: the item to put, or the key to delete, its table and
// why.
template <class... Ts>
struct failed_write {
    std::variant<Ts..., primary_key<Ts>...> request;
    std::string reason;
    std::string table;
};

template <class... Ts>
class batch_write_error : public error {
public:
    batch_write_error(std::string what, std::vector<failed_write<Ts...>> failed)
        : error(std::move(what)), failed_(std::move(failed)) {}
    const std::vector<failed_write<Ts...>>& failed() const noexcept { return failed_; }

private:
    std::vector<failed_write<Ts...>> failed_;
};

template <class... Ts>
struct batch_writer_options {
    bool overwrite_by_pkeys = false;
    int max_in_flight = 4;       // BatchWriteItem requests sent at once
    int max_attempts = 10;       // sends of an unprocessed request before it counts as failed
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{5000};
    // Called by the destructor with the requests it couldn't write (default: a line on stderr).
    std::function<void(const std::vector<failed_write<Ts...>>&)> on_destroy_failure;
};

template <class... Ts>
class batch_writer {
    static_assert(sizeof...(Ts) >= 1, "dynorm: a batch writer needs at least one table");
    template <class U>
    static constexpr std::size_t index_of = [] {
        constexpr bool same[] = {std::is_same_v<U, Ts>...};
        std::size_t found = sizeof...(Ts), matches = 0;
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (same[i]) found = i, ++matches;
        return matches == 1 ? found : sizeof...(Ts);
    }();
    static_assert(((index_of<Ts> < sizeof...(Ts)) && ...),
                  "dynorm: the tables of one batch writer must have different item types");
    using first_type = std::tuple_element_t<0, std::tuple<Ts...>>;

public:
    using options = batch_writer_options<Ts...>;
    using failed_type = failed_write<Ts...>;

    // The tables: table<T>s of one client (their type is all the writer needs of them).
    explicit batch_writer(const detail::typed_table<Ts>&... tables) : batch_writer(options{}, tables...) {}
    batch_writer(options opts, const detail::typed_table<Ts>&... tables)
        : tables_{tables.name()...}, wire_(std::get<0>(std::tie(tables...)).shared_wire()),
          options_(std::move(opts)), failures_(std::make_shared<shared_failures>()) {
        if (((tables.shared_wire() != wire_) || ...))
            throw encode_error("batch_writer: all tables must belong to one client");
        for (std::size_t i = 0; i < tables_.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (tables_[i] == tables_[j]) throw encode_error("batch_writer: table " + tables_[i] + " is given twice");
        if (options_.max_in_flight < 1) throw encode_error("batch_writer: max_in_flight must be at least 1");
        if (options_.max_attempts < 1) throw encode_error("batch_writer: max_attempts must be at least 1");
    }
    batch_writer(const batch_writer&) = delete;
    batch_writer& operator=(const batch_writer&) = delete;

    ~batch_writer() {
        try {
            send_all();
        } catch (...) { // never throw from a destructor: what wasn't sent is kept as failed
            for (auto& r : buffer_) fail(r, "not sent: the flush failed");
            buffer_.clear();
        }
        wait_in_flight_below(1); // their completions use this writer
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
                         failed.front().table.c_str(), failed.size());
        }
    }

    // Buffers a put of the item into its type's table (encoded and checked now).
    template <class U>
        requires(std::is_same_v<U, Ts> || ...)
    void put(const U& item) {
        request r;
        r.id = {index_of<U>, dynorm::key_json<U>(key_of(item))};
        std::string item_json;
        append_item(item_json, item);
        r.json = protocol::put_request_json(item_json);
        r.original.template emplace<index_of<U>>(item);
        add(std::move(r));
    }
    void put(const first_type& item)
        requires(sizeof...(Ts) == 1)
    {
        put<first_type>(item);
    }

    // An item of a type none of the tables holds: a sentence instead of overload noise.
    template <class U>
        requires(!(std::is_same_v<std::remove_cvref_t<U>, Ts> || ...) &&
                 !(sizeof...(Ts) == 1 && std::convertible_to<const U&, const first_type&>))
    void put(const U&) {
        static_assert(dynorm::detail::dependent_false<U>,
                      "dynorm: this batch writer puts items of its tables' types only; give it the table of this "
                      "type too (dynorm::batch_writer batch(users, movies))");
    }

    // Buffers a delete of the key: remove(key) with one table, remove<U>(key) with several.
    template <class U>
        requires(std::is_same_v<U, Ts> || ...)
    void remove(const std::type_identity_t<primary_key<U>>& key) {
        request r;
        r.id = {index_of<U>, dynorm::key_json<U>(key)};
        r.json = protocol::delete_request_json(r.id.key);
        r.original.template emplace<sizeof...(Ts) + index_of<U>>(key);
        add(std::move(r));
    }
    void remove(const primary_key<first_type>& key)
        requires(sizeof...(Ts) == 1)
    {
        remove<first_type>(key);
    }

    // Sends everything buffered and waits for it. Throws batch_write_error if any request failed
    // (this flush's or an earlier one's); they stay in failed().
    void flush() {
        send_all();
        const auto failed = failures_->snapshot();
        if (!failed.empty())
            throw batch_write_error<Ts...>("dynorm: batch_writer could not write " + std::to_string(failed.size()) +
                                               " request(s) (first: table " + failed.front().table + ", " +
                                               failed.front().reason + ")",
                                           failed);
    }
    void close() { flush(); }

    // The requests that failed so far.
    std::vector<failed_type> failed() const { return failures_->snapshot(); }

    // The failure list itself, shared: it outlives the writer (for failures of the destructor).
    std::shared_ptr<const std::vector<failed_type>> failures() const {
        return std::shared_ptr<const std::vector<failed_type>>(failures_, &failures_->items);
    }

    // BatchWriteItem requests sent so far (resends included).
    std::size_t requests_sent() const { return sent_.load(); }
    // Puts and deletes the service has processed so far (for progress reports).
    std::size_t written() const { return written_.load(); }

private:
    // Which item a request writes: its table's index and its key as append_key writes it (one
    // text per key, so keys compare as strings).
    struct table_key {
        std::size_t table = 0;
        std::string key;
        friend bool operator==(const table_key&, const table_key&) = default;
    };

    struct request {
        table_key id;
        std::string json; // {"PutRequest":...} or {"DeleteRequest":...}
        std::variant<Ts..., primary_key<Ts>...> original;
    };

    struct shared_failures {
        mutable std::mutex mutex;
        std::vector<failed_type> items;
        void add(failed_type f) {
            std::lock_guard lock(mutex);
            items.push_back(std::move(f));
        }
        std::vector<failed_type> snapshot() const {
            std::lock_guard lock(mutex);
            return items;
        }
    };

    void fail(request& r, std::string reason) {
        failures_->add({std::move(r.original), std::move(reason), tables_[r.id.table]});
    }

    void add(request r) {
        if (options_.overwrite_by_pkeys) {
            for (auto& buffered : buffer_)
                if (buffered.id == r.id) {
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
        auto busy = [&](const table_key& key) {
            return std::any_of(batch.begin(), batch.end(), [&](const request& b) { return b.id == key; }) ||
                   std::find(in_flight_keys_.begin(), in_flight_keys_.end(), key) != in_flight_keys_.end();
        };
        for (auto& r : buffer_) {
            // a request behind a waiting one for the same key waits too
            const bool held_back = std::any_of(rest.begin(), rest.end(), [&](const request& w) { return w.id == r.id; });
            if (batch.size() < 25 && !held_back && !busy(r.id)) batch.push_back(std::move(r));
            else rest.push_back(std::move(r));
        }
        buffer_ = std::move(rest);
        for (const auto& r : batch) in_flight_keys_.push_back(r.id);
        return batch;
    }

    void release_keys(const std::vector<table_key>& keys) {
        std::lock_guard lock(keys_mutex_);
        for (const auto& k : keys) {
            const auto it = std::find(in_flight_keys_.begin(), in_flight_keys_.end(), k);
            if (it != in_flight_keys_.end()) in_flight_keys_.erase(it);
        }
    }

    // BatchWriteItem requests in flight, and how many have ended: the writer waits on these.
    int in_flight() {
        std::lock_guard lock(flight_mutex_);
        return in_flight_;
    }
    std::uint64_t ended() {
        std::lock_guard lock(flight_mutex_);
        return ended_;
    }
    // Waits until a request ends after `seen` requests had ended (completion order, not the oldest).
    void wait_for_an_end_after(std::uint64_t seen) {
        std::unique_lock lock(flight_mutex_);
        flight_cv_.wait(lock, [&] { return ended_ > seen; });
    }
    void wait_in_flight_below(int limit) {
        std::unique_lock lock(flight_mutex_);
        flight_cv_.wait(lock, [&] { return in_flight_ < limit; });
    }

    void dispatch_full_batches() {
        while (buffer_.size() >= 25) {
            const std::uint64_t seen = ended();
            std::vector<request> batch = take_batch();
            if (batch.empty()) wait_for_an_end_after(seen); // everything waits for a key in flight
            else dispatch(std::move(batch));
        }
    }

    // One BatchWriteItem on the client's asynchronous engine: its requests not yet written, resent
    // (after a backoff timer on the engine's loop, not a sleeping thread) until written or out of
    // attempts. Its keys stay in flight until it has ended, so later requests for them wait.
    struct batch_send {
        std::vector<request> pending;
        std::vector<table_key> keys;
        int attempt = 0;
        std::string failure_reason;
    };

    void dispatch(std::vector<request> batch) {
        wait_in_flight_below(options_.max_in_flight);
        auto s = std::make_shared<batch_send>();
        for (const auto& r : batch) s->keys.push_back(r.id);
        s->pending = std::move(batch);
        {
            std::lock_guard lock(flight_mutex_);
            ++in_flight_;
        }
        send_attempt(s);
    }

    void send_all() {
        while (!buffer_.empty()) {
            const std::uint64_t seen = ended();
            std::vector<request> batch = take_batch();
            if (!batch.empty()) dispatch(std::move(batch));
            else if (in_flight() > 0) wait_for_an_end_after(seen);
        }
        wait_in_flight_below(1);
    }

    std::string request_body(const std::vector<request>& pending) const {
        std::vector<protocol::batch_write_entry> entries;
        entries.reserve(pending.size());
        for (const auto& r : pending) entries.push_back({r.id.table, r.json});
        return protocol::batch_write_item_body(tables_, entries);
    }

    // Completions run on the engine's loop thread; what they touch is the batch's own state, the
    // failure list and counters (synchronized), and the keys (under their mutex).
    void send_attempt(const std::shared_ptr<batch_send>& s) {
        ++s->attempt;
        std::string body;
        try {
            body = request_body(s->pending);
        } catch (const std::exception& e) {
            s->failure_reason = e.what();
            end(*s);
            return;
        }
        ++sent_;
        try {
            wire_->send_async("BatchWriteItem", std::move(body),
                              [this, s](http_response* r, std::exception_ptr e) { attempt_ended(s, r, std::move(e)); });
        } catch (const std::exception& e) { // not started (no engine): it ends here
            s->failure_reason = e.what();
            end(*s);
        }
    }

    void attempt_ended(const std::shared_ptr<batch_send>& s, http_response* r, std::exception_ptr e) {
        bool may_retry = true;
        try {
            if (e) std::rethrow_exception(e);
            const std::size_t before = s->pending.size();
            s->pending = unprocessed(protocol::read_batch_write_item(r->body), s->pending);
            written_ += before - s->pending.size();
            s->failure_reason = "still unprocessed after " + std::to_string(s->attempt) + " attempt(s)";
        } catch (const service_error& failed) {
            // the whole request failed (after the transport's own retries): retry or give up
            s->failure_reason = failed.what();
            may_retry = retryable(failed);
        } catch (const std::exception& failed) { // connection, timeout, CRC, a malformed response
            s->failure_reason = failed.what();
        }
        if (s->pending.empty() || !may_retry || s->attempt >= options_.max_attempts) {
            end(*s);
            return;
        }
        const batch_retry retry = detail::retry_of(options_);
        wire_->run_after(detail::backoff_delay(retry.backoff_base, retry.backoff_cap, s->attempt),
                         [this, s](bool) { send_attempt(s); });
    }

    void end(batch_send& s) {
        for (auto& r : s.pending) fail(r, s.failure_reason);
        release_keys(s.keys);
        std::lock_guard lock(flight_mutex_);
        --in_flight_;
        ++ended_;
        flight_cv_.notify_all();
    }

    static bool retryable(const service_error& e) {
        return dynamic_cast<const throttled*>(&e) != nullptr || e.http_status() >= 500;
    }

    // The requests of `sent` that the response lists as unprocessed, taken out of `sent` (the
    // reader has read every entry first: a malformed response throws with `sent` whole, so its
    // requests are retried or failed, never dropped).
    std::vector<request> unprocessed(const std::vector<protocol::unprocessed_write>& listed,
                                     std::vector<request>& sent) const {
        std::vector<request> left;
        for (const auto& u : listed) {
            const auto t = static_cast<std::size_t>(std::find(tables_.begin(), tables_.end(), u.table) - tables_.begin());
            if (t == tables_.size()) continue;
            // the service may write a key's numbers differently: compare them as values
            const value key = u.put ? project_key(t, u.item_or_key) : u.item_or_key;
            for (auto& r : sent)
                if (!r.json.empty() && r.id.table == t && value::from_item_json(r.id.key) == key) {
                    left.push_back(std::move(r));
                    r.json.clear();
                    break;
                }
        }
        return left;
    }

    // The key attributes of an item of table t.
    static value project_key(std::size_t t, const value& item) {
        value key;
        std::size_t i = 0;
        (
            [&] {
                if (i++ != t) return;
                using hash = typename table_schema<Ts>::hash;
                if (const value* h = item.find(hash::name)) key[hash::name] = *h;
                if constexpr (table_schema<Ts>::has_range_key) {
                    using range = typename detail::range_of<Ts>::member;
                    if (const value* r = item.find(range::name)) key[range::name] = *r;
                }
            }(),
            ...);
        return key;
    }

    std::vector<std::string> tables_;
    std::shared_ptr<transport> wire_;
    options options_;
    std::shared_ptr<shared_failures> failures_;
    std::vector<request> buffer_;
    std::mutex flight_mutex_;
    std::condition_variable flight_cv_;
    int in_flight_ = 0;
    std::uint64_t ended_ = 0;
    std::mutex keys_mutex_;
    std::vector<table_key> in_flight_keys_;
    std::atomic<std::size_t> sent_{0};
    std::atomic<std::size_t> written_{0};
};

} // namespace dynorm
