#pragma once
// The expression fields of the table's option structs. Each takes either a DSL expression, whose
// paths must belong to the table's item type, or a raw expression string (with the placeholders
// given in the options' names and values maps, like boto3's keyword arguments):
//
//   users.put(u, {.condition = not_exists(attr_<&User::username>)});
//   users.put(u, {.condition = "attribute_not_exists(username)"});

#include <dynorm/version.hpp>
#include <dynorm/dsl/compiled.hpp>
#include <dynorm/dsl/condition.hpp>
#include <dynorm/dsl/projection.hpp>

#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::dsl {

namespace detail {
template <class E, class T>
constexpr bool belongs_to = [] {
    using root = typename std::remove_cvref_t<E>::root;
    return std::is_void_v<root> || std::is_base_of_v<root, T>;
}();
} // namespace detail

template <class T, placeholder_kind Kind, template <class> class Accepts>
class expression_field {
public:
    expression_field() = default;
    expression_field(const char* raw) : compiled_(compile_raw(raw)) {} // NOLINT: implicit by design
    expression_field(std::string_view raw) : compiled_(compile_raw(raw)) {} // NOLINT
    expression_field(const std::string& raw) : compiled_(compile_raw(raw)) {} // NOLINT

    template <class E>
        requires Accepts<std::remove_cvref_t<E>>::value
    expression_field(const E& expression) : compiled_(compile<Kind>(expression)) { // NOLINT
        static_assert(detail::belongs_to<E, T>,
                      "dynorm: the expression names attributes of another item type than the table's");
    }

    const compiled_expression& compiled() const noexcept { return compiled_; }
    bool empty() const noexcept { return compiled_.empty(); }

private:
    compiled_expression compiled_;
};

template <class E>
struct is_condition_expression : std::bool_constant<detail::condition_node<E>> {};
template <class E>
struct is_projection_expression : std::bool_constant<requires { E::is_projection; }> {};

// ConditionExpression of put, update and remove.
template <class T>
using condition = expression_field<T, placeholder_kind::condition, is_condition_expression>;
// FilterExpression of query and scan.
template <class T>
using filter = expression_field<T, placeholder_kind::filter, is_condition_expression>;
// ProjectionExpression of get, query and scan.
template <class T>
using projection = expression_field<T, placeholder_kind::projection, is_projection_expression>;

} // namespace dynorm::dsl
