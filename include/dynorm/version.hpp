#pragma once
// dynorm's version, and the ABI namespace all of dynorm is declared in: dynorm::v0_1::table is
// used as dynorm::table, and two versions linked into one program can't mix their types
// unnoticed (the names differ at link time). Customization points (schema<T>,
// attribute_traits<T>) are still specialized as dynorm::schema<T>.

#define DYNORM_VERSION_MAJOR 0
#define DYNORM_VERSION_MINOR 1
#define DYNORM_VERSION_PATCH 0
// One number to compare: major * 10000 + minor * 100 + patch.
#define DYNORM_VERSION (DYNORM_VERSION_MAJOR * 10000 + DYNORM_VERSION_MINOR * 100 + DYNORM_VERSION_PATCH)
#define DYNORM_VERSION_STRING "0.1.0"

// Before 1.0 a minor version may change the ABI; from 1.0 on, a major version.
#define DYNORM_ABI v0_1

// Header-only by default. With DYNORM_SEPARATE_COMPILATION defined for the whole program, the
// non-template machinery (configuration, credentials, the transport) is only declared in its
// headers (DYNORM_DECL marks those functions) and compiled once, in the dynorm::compiled library
// (or a TU of the program's that includes <dynorm/src.hpp>), not in every TU that makes a client.
#if defined(DYNORM_SEPARATE_COMPILATION)
#define DYNORM_DECL
#else
#define DYNORM_DECL inline
#endif
