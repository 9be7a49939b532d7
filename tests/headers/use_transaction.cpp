// dynorm/transaction.hpp on its own: every action, both calls, and the reasons of a cancellation.
#include <dynorm/transaction.hpp>

#include "model.hpp"

using header_use::User;
using namespace dynorm::dsl;

void use_transaction(const dynorm::table<User>& users, User& u) {
    try {
        dynorm::transact_write(
            dynorm::tx::put(users, u), dynorm::tx::remove(users, {"a", "b"}, {.expected_version = 2}),
            dynorm::tx::update(users, {"a", "c"}, set(attr_<&User::age>, 1), add(attr_<&User::age>, 1),
                               remove(attr_<&User::age>), set(attr_<&User::age>, 3), {.expected_version = 1}),
            dynorm::tx::check(users, {"a", "d"}, attr_<&User::age> > 1));
    } catch (const dynorm::transaction_canceled& e) {
        for (const auto& reason : e.reasons())
            if (reason.has_item()) (void)reason.item<User>();
    }
    auto [found] = dynorm::transact_get(dynorm::tx::get(users, {"a", "b"}));
    (void)found;
}
