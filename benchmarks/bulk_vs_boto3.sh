#!/usr/bin/env bash
# Starts a DynamoDB Local and runs the bulk-load benchmark (dynorm vs boto3) against it.
#   benchmarks/bulk_vs_boto3.sh [ITEMS]      (default 10000; build first: scripts/test or cmake)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$DYNORM_ROOT"
ensure_servers
trap stop_servers EXIT
start_server dynamodb-local
./build/benchmarks/bench_bulk "$SERVER_ENDPOINT" "${1:-10000}"
