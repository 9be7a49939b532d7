// The value type alone (what the DSL includes) has no JSON reader: from_json says which header
// brings it, rather than an incomplete-type error from inside dynorm.
#ifdef DYNORM_COMPILE_FAIL
#include <dynorm/codec/value_type.hpp>
#else
#include <dynorm/codec/value.hpp>
#endif
int main() { return dynorm::value::from_json(R"({"a":1})").as_map().size() == 1 ? 0 : 1; }
