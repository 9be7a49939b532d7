#!/usr/bin/env bash
# Starts a DynamoDB Local and runs the scan benchmark (dynorm vs boto3) against it.
#   benchmarks/scan_vs_boto3.sh [ITEMS]      (default 100000; build first: scripts/test or cmake)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$DYNORM_ROOT"
ensure_servers
trap stop_servers EXIT
start_server dynamodb-local
./build/benchmarks/bench_scan "$SERVER_ENDPOINT" "${1:-100000}"
