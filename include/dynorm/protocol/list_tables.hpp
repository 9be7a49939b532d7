#pragma once
// ListTables: the request for one page of table names, and the page read from its response.

#include <dynorm/version.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/codec/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dynorm::inline DYNORM_ABI::protocol {

// The page after table `start` (the first page when empty).
inline std::string list_tables_body(std::string_view start) {
    std::string body = "{";
    if (!start.empty()) {
        body += "\"ExclusiveStartTableName\":";
        dynorm::detail::append_json_string(body, start);
    }
    body += '}';
    return body;
}

struct table_names_page {
    std::vector<std::string> names;
    std::string last_evaluated; // LastEvaluatedTableName; empty on the last page
};

inline table_names_page read_list_tables(const std::string& body) {
    const value page = value::from_json(body);
    table_names_page out;
    if (const value* list = page.find("TableNames"))
        for (const value& name : list->as_list()) out.names.push_back(name.as_string());
    if (const value* last = page.find("LastEvaluatedTableName")) out.last_evaluated = last->as_string();
    return out;
}

} // namespace dynorm::protocol
