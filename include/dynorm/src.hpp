#pragma once
// The separately compiled part of dynorm: include this header in exactly one TU of a program
// built with DYNORM_SEPARATE_COMPILATION defined in every TU (the dynorm::compiled CMake target,
// the `dynorm-compiled` pkg-config package and Meson's dynorm_compiled_dep do both).

#if !defined(DYNORM_SEPARATE_COMPILATION)
#error "dynorm/src.hpp is compiled with DYNORM_SEPARATE_COMPILATION defined (without it, dynorm is header-only and needs no source)"
#endif

#include <dynorm/dynorm.hpp>

#include <dynorm/wire/impl/config.ipp>
#include <dynorm/wire/impl/transport.ipp>
