#!/usr/bin/env bash
# Build cost as a user pays it: compiles fixed translation units (-c, best of RUNS) at -O2 and
# -O0 and prints wall seconds, peak compiler memory and the ratio to a TU of the standard headers
# alone, compiled in the same run, next to the budget. Nothing is asserted: times vary by machine.
#
#   benchmarks/build_cost.sh                    GCC (g++), 3 runs each
#   CXX=clang++-14 RUNS=5 benchmarks/build_cost.sh
#   EXTRA_FLAGS=-ftime-report benchmarks/build_cost.sh   (the compiler's own report, on stderr)
#   EXTRA_FLAGS=-DDYNORM_SEPARATE_COMPILATION benchmarks/build_cost.sh   (TUs of a program that
#                                               links dynorm::compiled)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
CXX=${CXX:-g++}
RUNS=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "build_cost: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }

# name, source, budget at -O2 (s), budget at -O0 (s), memory budget (MB); "-": none set
tus=(
    "standard headers|benchmarks/build_cost/std_headers.cpp|-|-|-"
    "model + DSL, no calls|benchmarks/build_cost/model.cpp|1.0|-|-"
    "include dynorm.hpp only|benchmarks/build_cost/include_only.cpp|1.5|-|-"
    "users walkthrough|examples/users_walkthrough.cpp|4|3|-"
    "large program|benchmarks/build_cost/large.cpp|10|-|600"
)

# best wall time and the peak memory of that run, "seconds kilobytes"
measure() {
    local source=$1 level=$2 best="" best_kb=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %M' -o "$work/time" "$CXX" -std=c++20 "$level" -c -I "$root/include" \
            ${EXTRA_FLAGS:-} "$root/$source" -o "$work/tu.o"
        read -r seconds kb <"$work/time"
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$seconds best_kb=$kb
        fi
    done
    echo "$best $best_kb"
}

echo "$($CXX --version | head -n 1), best of $RUNS, $(nproc) cores"
printf '%-26s %8s %7s %8s %7s %8s   %s\n' "translation unit" "-O2 s" "ratio" "-O0 s" "ratio" "peak MB" "budget"
base_o2="" base_o0=""
for tu in "${tus[@]}"; do
    IFS='|' read -r name source budget_o2 budget_o0 budget_mb <<<"$tu"
    read -r o2 o2_kb <<<"$(measure "$source" -O2)"
    read -r o0 _ <<<"$(measure "$source" -O0)"
    [ -n "$base_o2" ] || { base_o2=$o2; base_o0=$o0; }
    budget=""
    [ "$budget_o2" = - ] || budget+="-O2 <= ${budget_o2} s "
    [ "$budget_o0" = - ] || budget+="-O0 <= ${budget_o0} s "
    [ "$budget_mb" = - ] || budget+="<= ${budget_mb} MB"
    awk -v n="$name" -v o2="$o2" -v o0="$o0" -v b2="$base_o2" -v b0="$base_o0" -v kb="$o2_kb" -v budget="$budget" \
        'BEGIN { printf "%-26s %8.2f %6.1fx %8.2f %6.1fx %8d   %s\n", n, o2, o2 / b2, o0, o0 / b0, kb / 1024, budget }'
done
