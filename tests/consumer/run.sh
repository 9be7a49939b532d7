#!/usr/bin/env bash
# Installs dynorm from its source tree into a temporary prefix, then builds and runs a consumer
# with find_package(dynorm CONFIG) and with pkg-config, header-only and on dynorm::compiled.
#   run.sh SOURCE_DIR WORK_DIR CMAKE CXX
set -euo pipefail
src=$1 work=$2 cmake=$3 cxx=$4
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

"$cmake" -S "$src" -B "$work/dynorm-build" -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DDYNORM_BUILD_TESTS=OFF -DDYNORM_BUILD_EXAMPLES=OFF -DDYNORM_BUILD_BENCHMARKS=OFF \
    -DDYNORM_INSTALL=ON >/dev/null
"$cmake" --build "$work/dynorm-build" >/dev/null # the dynorm::compiled library
"$cmake" --install "$work/dynorm-build" >/dev/null
test -f "$prefix/include/dynorm/dynorm.hpp"
test -f "$prefix/share/cmake/dynorm/dynormConfig.cmake"
test -f "$prefix/share/pkgconfig/dynorm.pc"

echo "-- find_package(dynorm CONFIG REQUIRED)"
"$cmake" -S "$src/tests/consumer" -B "$work/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
"$cmake" --build "$work/consumer-build" >/dev/null
"$work/consumer-build/consumer"
"$work/consumer-build/consumer_compiled"

echo "-- pkg-config dynorm"
flags=$(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --cflags --libs dynorm)
"$cxx" "$src/tests/consumer/main.cpp" $flags -o "$work/consumer-pkgconfig"
"$work/consumer-pkgconfig"

echo "-- pkg-config dynorm-compiled"
test -f "$prefix/lib/pkgconfig/dynorm-compiled.pc" || test -f "$prefix/lib/$(gcc -print-multiarch)/pkgconfig/dynorm-compiled.pc"
flags=$(PKG_CONFIG_PATH="$prefix/share/pkgconfig:$prefix/lib/pkgconfig:$prefix/lib/$(gcc -print-multiarch)/pkgconfig" \
    pkg-config --cflags --libs dynorm-compiled)
"$cxx" "$src/tests/consumer/main.cpp" $flags -o "$work/consumer-pkgconfig-compiled"
"$work/consumer-pkgconfig-compiled"
echo "consumer builds passed"
