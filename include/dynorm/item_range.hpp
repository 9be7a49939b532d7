#pragma once
// The result of query and scan: an input range of items that fetches page after page as it is
// read, so memory holds one page however many items there are; .pages() walks the pages
// themselves, with their counts and LastEvaluatedKey.

#include <dynorm/value.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

namespace dynorm {

// One page of a query or scan.
template <class T>
struct page {
    std::vector<T> items;
    std::int64_t count = 0;         // items returned (after the filter)
    std::int64_t scanned_count = 0; // items evaluated (before the filter)
    std::optional<value> last_evaluated_key; // where the next page starts; empty on the last page
};

template <class T>
class item_range {
public:
    // Fetches the page that starts after `start` (the first page when empty).
    using fetch_function = std::function<page<T>(const std::optional<value>& start)>;

    item_range(fetch_function fetch, std::optional<value> start)
        : fetch_(std::move(fetch)), next_start_(std::move(start)) {}

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
    bool done() const { return position_ >= page_.items.size() && !more_; }

    void advance() {
        ++position_;
        load_until_item();
    }

    // Fetches pages until one has an item left to read or there are no more (a page can be empty
    // when a filter drops everything it read).
    void load_until_item() {
        while (position_ >= page_.items.size() && more_) {
            page_ = fetch_(next_start_);
            position_ = 0;
            next_start_ = page_.last_evaluated_key;
            more_ = next_start_.has_value();
        }
    }

    fetch_function fetch_;
    std::optional<value> next_start_;
    page<T> page_;
    std::size_t position_ = 0;
    bool started_ = false, more_ = true;
};

} // namespace dynorm
