#pragma once
// The result of query and scan: an input range of items that fetches page after page as it is
// read, so memory holds one page however many items there are; .pages() walks the pages
// themselves, with their counts and LastEvaluatedKey.
//
// Pagination like boto3's PaginationConfig: max_items stops the range after that many items, and
// next_token() then gives an opaque token that resumes exactly there, even in the middle of a
// page (the page is fetched again from its start key and the items already seen are skipped).
// A token names the table, the index and the request it was made for; another request rejects it.

#include <dynorm/version.hpp>
#include <dynorm/codec/detail/text.hpp>
#include <dynorm/error.hpp>
#include <dynorm/protocol/paged_read.hpp>
#include <dynorm/codec/value.hpp>
#include <dynorm/wire/detail/crc32.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// Where a range resumes: the start key of a page and how many of its items were already read.
struct resume_point {
    std::optional<value> start;
    std::size_t skip = 0;
};

namespace detail {

// The request a token belongs to: table, index and a checksum of the request's other parameters.
struct token_scope {
    std::string table;
    std::string index;
    std::uint32_t request = 0;
};

inline std::string make_token(const token_scope& scope, const resume_point& at) {
    value token;
    token["table"] = scope.table;
    token["index"] = scope.index;
    token["request"] = number(static_cast<std::uint64_t>(scope.request));
    token["skip"] = number(static_cast<std::uint64_t>(at.skip));
    if (at.start) token["start"] = *at.start;
    std::string out;
    append_base64(out, token.to_attribute_json());
    return out;
}

inline resume_point parse_token(std::string_view text, const token_scope& scope) {
    std::string json;
    value token;
    try {
        if (!decode_base64(text, json)) throw decode_error("not base64");
        token = value::from_attribute_json(json);
        const std::string& table = token.at("table").as_string();
        const std::string& index = token.at("index").as_string();
        if (table != scope.table || index != scope.index)
            throw error("dynorm: the starting token was made for table " + table +
                        (index.empty() ? "" : " (index " + index + ")") + ", not for table " + scope.table +
                        (scope.index.empty() ? "" : " (index " + scope.index + ")"));
        if (token.at("request").as_number().as<std::uint32_t>() != scope.request)
            throw error("dynorm: the starting token was made for another query or scan of table " + table +
                        " (other key condition, filter, projection or page size)");
        resume_point at;
        at.skip = token.at("skip").as_number().as<std::size_t>();
        if (const value* start = token.find("start")) at.start = *start;
        return at;
    } catch (const decode_error&) {
        throw error("dynorm: the starting token is not a token dynorm made");
    } catch (const std::exception& e) {
        if (dynamic_cast<const dynorm::error*>(&e)) throw;
        throw error("dynorm: the starting token is not a token dynorm made");
    }
}

} // namespace detail

template <class T>
class item_range {
public:
    // Fetches the page that starts after `start` (the first page when empty).
    using fetch_function = std::function<page<T>(const std::optional<value>& start)>;

    item_range(fetch_function fetch, resume_point from, std::optional<std::size_t> max_items = {},
               detail::token_scope scope = {})
        : fetch_(std::move(fetch)), next_start_(std::move(from.start)), skip_(from.skip), max_items_(max_items),
          scope_(std::move(scope)) {}

    class iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using reference = const T&;
        using iterator_concept = std::input_iterator_tag;

        iterator() = default;
        explicit iterator(item_range* range) : range_(range) {}
        const T& operator*() const { return range_->page_.items[range_->position_]; }
        const T* operator->() const { return &**this; }
        iterator& operator++() {
            range_->advance();
            return *this;
        }
        void operator++(int) { ++*this; }
        friend bool operator==(const iterator& it, std::default_sentinel_t) { return it.at_end(); }

    private:
        bool at_end() const { return !range_ || range_->done(); }
        item_range* range_ = nullptr;
    };

    iterator begin() {
        if (!started_) {
            started_ = true;
            load_until_item();
        }
        return iterator(this);
    }
    std::default_sentinel_t end() const { return {}; }

    // All items, read into a vector.
    std::vector<T> to_vector() {
        std::vector<T> out;
        for (const T& item : *this) out.push_back(item);
        return out;
    }

    // Where to resume after the items read so far (with max_items: after the last item the range
    // gave), as an opaque token for the starting_token option; empty when nothing is left.
    std::string next_token() const {
        if (!started_) return detail::make_token(scope_, {next_start_, skip_});
        if (position_ < page_.items.size()) return detail::make_token(scope_, {page_start_, position_});
        if (more_) return detail::make_token(scope_, {next_start_, 0});
        return {};
    }

    // The pages themselves, fetched one by one as the range is read.
    class page_range {
    public:
        page_range(fetch_function fetch, std::optional<value> start)
            : fetch_(std::move(fetch)), next_start_(std::move(start)) {}

        class iterator {
        public:
            using value_type = page<T>;
            using difference_type = std::ptrdiff_t;
            using iterator_concept = std::input_iterator_tag;
            iterator() = default;
            explicit iterator(page_range* range) : range_(range) {}
            const page<T>& operator*() const { return range_->current_; }
            const page<T>* operator->() const { return &range_->current_; }
            iterator& operator++() {
                range_->next();
                return *this;
            }
            void operator++(int) { ++*this; }
            friend bool operator==(const iterator& it, std::default_sentinel_t) { return it.at_end(); }

        private:
            bool at_end() const { return !range_ || range_->finished_; }
            page_range* range_ = nullptr;
        };

        iterator begin() {
            if (!started_) {
                started_ = true;
                next();
            }
            return iterator(this);
        }
        std::default_sentinel_t end() const { return {}; }

    private:
        void next() {
            if (!more_) {
                finished_ = true;
                return;
            }
            current_ = fetch_(next_start_);
            next_start_ = current_.last_evaluated_key;
            more_ = next_start_.has_value();
        }

        fetch_function fetch_;
        std::optional<value> next_start_;
        page<T> current_;
        bool started_ = false, more_ = true, finished_ = false;
    };

    page_range pages() const { return page_range(fetch_, next_start_); }

private:
    bool done() const {
        return (max_items_ && given_ >= *max_items_) || (position_ >= page_.items.size() && !more_);
    }

    void advance() {
        ++position_;
        ++given_;
        if (max_items_ && given_ >= *max_items_) return; // stop here: next_token() resumes exactly
        load_until_item();
    }

    // Fetches pages until one has an item left to read or there are no more (a page can be empty
    // when a filter drops everything it read).
    void load_until_item() {
        while (position_ >= page_.items.size() && more_) {
            page_start_ = next_start_;
            page_ = fetch_(next_start_);
            position_ = skip_;
            skip_ = 0;
            next_start_ = page_.last_evaluated_key;
            more_ = next_start_.has_value();
        }
    }

    fetch_function fetch_;
    std::optional<value> next_start_, page_start_;
    std::size_t skip_ = 0;
    std::optional<std::size_t> max_items_;
    std::size_t given_ = 0;
    detail::token_scope scope_;
    page<T> page_;
    std::size_t position_ = 0;
    bool started_ = false, more_ = true;
};

} // namespace dynorm
