#pragma once
// How the decoder reads an item; on its own so that headers naming it (dynorm::value's to<T>)
// don't include the decoder and simdjson.

#include <dynorm/version.hpp>

namespace dynorm::inline DYNORM_ABI {

// `partial` for projections, where absent members are expected.
struct decode_options {
    bool partial = false;
};

} // namespace dynorm
