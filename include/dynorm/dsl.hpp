#pragma once
// The typed expression DSL: paths (attr_, key_), conditions and filters, key conditions,
// update actions and projections. `using namespace dynorm::dsl;` brings the vocabulary in.

#include <dynorm/dsl/compiled.hpp>
#include <dynorm/dsl/condition.hpp>
#include <dynorm/dsl/fields.hpp>
#include <dynorm/dsl/key_condition.hpp>
#include <dynorm/dsl/path.hpp>
#include <dynorm/dsl/projection.hpp>
#include <dynorm/dsl/update.hpp>
