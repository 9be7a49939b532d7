#pragma once
// dynorm::index_view<T, Index>: a secondary index of a table<T>, for query, scan and count (made by
// table<T>::index<"name">()). Its key conditions may use only the index's keys; its items are T,
// or dynorm::projected<T, ...> when the index doesn't project all attributes.

#include <dynorm/version.hpp>
#include <dynorm/detail/table_base.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/dsl/key_condition.hpp>
#include <dynorm/schema/index.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace dynorm::inline DYNORM_ABI {

template <class T, class Index>
class index_view : public detail::table_base {
    using keys = detail::index_keys<T, Index>;
    static constexpr auto range_or_hash() {
        if constexpr (keys::has_range) return keys::range;
        else return keys::hash;
    }
    static constexpr bool projects_all = std::is_same_v<typename Index::projection, all_attributes>;

    template <class KeyCondition>
    static dsl::compiled_expression compile_key_condition(const KeyCondition& key_condition) {
        static_assert(dsl::detail::check_key_condition<KeyCondition, keys::hash, range_or_hash(), keys::has_range>());
        return dsl::compile<dsl::placeholder_kind::key_condition>(key_condition);
    }

public:
    using item_type = typename detail::index_item<T, Index>::type;
    using read_options = dynorm::read_options<T>;

    explicit index_view(const detail::table_base& table) : table_base(table) {}

    static constexpr std::string_view index_name() { return Index::name; }

    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    item_range<item_type> query(const KeyCondition& key_condition, read_options options = {}) const {
        options.index = std::string(Index::name);
        return query_items<item_type>(compile_key_condition(key_condition), options, options.projection.compiled(),
                                      !projects_all || !options.projection.empty());
    }

    item_range<item_type> scan(read_options options = {}) const {
        options.index = std::string(Index::name);
        return scan_items<item_type>(options, options.projection.compiled(),
                                     !projects_all || !options.projection.empty());
    }

    // One page without blocking, as table<T>::query_page_async and scan_page_async.
    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    operation<page<item_type>> query_page_async(const KeyCondition& key_condition,
                                                read_options options = read_options()) const {
        options.index = std::string(Index::name);
        return query_page<item_type>(compile_key_condition(key_condition), options, options.projection.compiled(),
                                     !projects_all || !options.projection.empty());
    }
    operation<page<item_type>> scan_page_async(read_options options = read_options()) const {
        options.index = std::string(Index::name);
        return scan_page<item_type>(options, options.projection.compiled(), !projects_all || !options.projection.empty());
    }

    template <class KeyCondition>
        requires dsl::detail::condition_node<KeyCondition>
    std::int64_t count(const KeyCondition& key_condition, read_options options = {}) const {
        options.index = std::string(Index::name);
        return count_query(compile_key_condition(key_condition), options);
    }
};

} // namespace dynorm
