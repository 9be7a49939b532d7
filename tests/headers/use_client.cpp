// dynorm/client.hpp on its own: tables, document tables, ListTables and the raw call.
#include <dynorm/client.hpp>

#include "model.hpp"

using namespace dynorm::dsl;

void use_client(const dynorm::client& db) {
    (void)db.table<header_use::User>().get({"a", "b"});
    const dynorm::document_table devices = db.documents("devices");
    const dynorm::value key = dynorm::value::from_json(R"({"id": "1"})");
    devices.put(key);
    devices.update(key, set(path("a"), 1), set(path("b"), 2), remove(path("c")), add(path("d"), 1));
    (void)devices.query(path("id") == "1");
    (void)db.list_tables();
    (void)db.call("ListTables", "{}");
}
