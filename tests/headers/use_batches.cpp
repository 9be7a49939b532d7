// dynorm/batch_get.hpp on its own: reads across tables (and with it the batch writer's header).
#include <dynorm/batch_get.hpp>

#include "model.hpp"

using header_use::User;

void use_batch_get(const dynorm::table<User>& users) {
    auto [found] = dynorm::batch_get(dynorm::keys_in(users, {{"a", "b"}}, {.consistent_read = true}));
    (void)found;
    dynorm::batch_writer writer(users);
    writer.flush();
}
