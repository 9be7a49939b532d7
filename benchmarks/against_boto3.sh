#!/usr/bin/env bash
# Starts a DynamoDB Local and runs one of the benchmarks that compare dynorm with boto3 against it.
#   benchmarks/against_boto3.sh scan [ITEMS]   full-table scans (default 100000 items)
#   benchmarks/against_boto3.sh bulk [ITEMS]   bulk load through the batch writers (default 10000)
# Build first (scripts/test, or cmake with -DDYNORM_BUILD_BENCHMARKS=ON).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$DYNORM_ROOT"
case "${1:-}" in
    scan) items=${2:-100000} ;;
    bulk) items=${2:-10000} ;;
    *) die "usage: benchmarks/against_boto3.sh scan|bulk [ITEMS]" ;;
esac
ensure_servers
trap stop_servers EXIT
start_server dynamodb-local
"./build/benchmarks/bench_$1" "$SERVER_ENDPOINT" "$items"
