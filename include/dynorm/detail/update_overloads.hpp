#pragma once
// update(key, a1[, a2[, a3[, a4]]][, options]): the one to four typed update actions a table call
// takes without dsl::actions(...), written once for table<T> and document_table. Options can't
// follow a parameter pack (and a braced {.condition = ...} can't be deduced), hence the ladder.

#include <dynorm/version.hpp>
#include <dynorm/dsl/update.hpp>

namespace dynorm::inline DYNORM_ABI::detail {

template <class Table, class Key, class Options, class Result>
class update_overloads {
public:
    template <dsl::detail::update_action A1>
    Result update(const Key& key, const A1& a1, const Options& options = {}) const {
        return self().update(key, dsl::actions(a1), options);
    }
    template <dsl::detail::update_action A1, dsl::detail::update_action A2>
    Result update(const Key& key, const A1& a1, const A2& a2, const Options& options = {}) const {
        return self().update(key, dsl::actions(a1, a2), options);
    }
    template <dsl::detail::update_action A1, dsl::detail::update_action A2, dsl::detail::update_action A3>
    Result update(const Key& key, const A1& a1, const A2& a2, const A3& a3, const Options& options = {}) const {
        return self().update(key, dsl::actions(a1, a2, a3), options);
    }
    template <dsl::detail::update_action A1, dsl::detail::update_action A2, dsl::detail::update_action A3,
              dsl::detail::update_action A4>
    Result update(const Key& key, const A1& a1, const A2& a2, const A3& a3, const A4& a4,
                  const Options& options = {}) const {
        return self().update(key, dsl::actions(a1, a2, a3, a4), options);
    }

private:
    const Table& self() const { return static_cast<const Table&>(*this); }
};

} // namespace dynorm::detail
