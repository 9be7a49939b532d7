#pragma once
// DeleteTable: the request; its response (the table as it starts deleting) isn't read.

#include <dynorm/version.hpp>
#include <dynorm/protocol/detail/body.hpp>

#include <string>
#include <string_view>

namespace dynorm::inline DYNORM_ABI::protocol {

inline std::string delete_table_body(std::string_view table) { return detail::table_name_body(table); }

} // namespace dynorm::protocol
