#pragma once
// dynorm: a header-only C++20 object mapper for Amazon DynamoDB. Include this one header.

#include <dynorm/batch_get.hpp>
#include <dynorm/batch_writer.hpp>
#include <dynorm/binary.hpp>
#include <dynorm/client.hpp>
#include <dynorm/codec/decode.hpp>
#include <dynorm/codec/encode.hpp>
#include <dynorm/codec/traits.hpp>
#include <dynorm/document_table.hpp>
#include <dynorm/error.hpp>
#include <dynorm/dsl.hpp>
#include <dynorm/fwd.hpp>
#include <dynorm/item_range.hpp>
#include <dynorm/parallel_range.hpp>
#include <dynorm/number.hpp>
#include <dynorm/reflect.hpp>
#include <dynorm/schema.hpp>
#include <dynorm/table.hpp>
#include <dynorm/time.hpp>
#include <dynorm/transaction.hpp>
#include <dynorm/value.hpp>
#include <dynorm/schema/version.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/sigv4.hpp>
#include <dynorm/wire/transport.hpp>
