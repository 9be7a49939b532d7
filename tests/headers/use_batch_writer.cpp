// dynorm/batch_writer.hpp on its own: a writer's calls (making one takes a table<T>).
#include <dynorm/batch_writer.hpp>

#include "model.hpp"

void use_batch_writer(dynorm::batch_writer<header_use::User>& writer, const header_use::User& u) {
    writer.put(u);
    writer.remove({"a", "b"});
    writer.flush();
    (void)writer.failed();
}
