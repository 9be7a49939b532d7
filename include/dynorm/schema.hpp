#pragma once
// The schema layer in one include, for headers that declare models: schema<T> and its checks
// (dynorm/schema/table_schema.hpp), secondary indexes (dynorm/schema/index.hpp) and the version
// member of optimistic locking (dynorm/schema/version.hpp). No curl, OpenSSL or request code.

#include <dynorm/version.hpp>
#include <dynorm/schema/index.hpp>
#include <dynorm/schema/table_schema.hpp>
#include <dynorm/schema/version.hpp>
