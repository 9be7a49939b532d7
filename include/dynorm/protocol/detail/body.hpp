#pragma once
// What every request body starts with.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>

#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol::detail {

// {"TableName":"t"  (no closing brace)
inline void append_table_field(std::string& body, std::string_view table) {
    body += "{\"TableName\":";
    dynorm::detail::append_json_string(body, table);
}

// {"TableName":"t"}: the body of an action that names only a table.
inline std::string table_name_body(std::string_view table) {
    std::string body;
    append_table_field(body, table);
    body += '}';
    return body;
}

} // namespace dynorm::protocol::detail
