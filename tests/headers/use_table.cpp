// dynorm/table.hpp on its own: every call of table<T>, its index views and its batch writer.
#include <dynorm/table.hpp>

#include "model.hpp"

using header_use::User;
using namespace dynorm::dsl;

void use_table(const dynorm::table<User>& users, User& u) {
    users.create();
    users.create(dynorm::on_demand);
    users.put(u);
    users.put(std::as_const(u), {.condition = not_exists(attr_<&User::name>), .version_check = false});
    (void)users.get({"a", "b"}, {.projection = project<&User::age>()});
    (void)users.get("a", "b");
    users.update({"a", "b"}, set(attr_<&User::age>, 1), {.expected_version = 1});
    users.update({"a", "b"}, set(attr_<&User::age>, 1), add(attr_<&User::age>, 1), remove(attr_<&User::age>),
                 set(attr_<&User::age>, 2), {.expected_version = 1});
    users.update({"a", "b"}, "SET age = :a", {.values = {{":a", 1}}, .expected_version = 1});
    users.remove({"a", "b"}, {.expected_version = 1});
    for (const User& found : users.query(key_<&User::name> == "a")) (void)found;
    for (const auto& found : users.index<"by_age">().query(key_<&User::age> == 3)) (void)found;
    (void)users.count();
    (void)users.scan({.filter = attr_<&User::age> > 1});
    (void)users.batch_get({{"a", "b"}});
    auto batch = users.batch_writer({.overwrite_by_pkeys = true});
    batch.put(u);
    batch.remove({"a", "b"});
    (void)users.describe();
    users.drop();
}
