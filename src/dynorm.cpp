// The dynorm::compiled library: dynorm's non-template machinery, compiled once (see
// <dynorm/src.hpp>). Built with DYNORM_SEPARATE_COMPILATION, which its users get too.
#include <dynorm/src.hpp>
