#!/usr/bin/env bash
# Runs an example against one of the local servers and compares its output with the expected
# text. Lines of the expected file that start with "~ " are regular expressions.
#   run_example.sh ENDPOINT_VARIABLE EXPECTED_FILE PROGRAM [ARGS...]
set -euo pipefail
variable=$1 expected=$2
shift 2
endpoint=${!variable:-}
[ -n "$endpoint" ] || { echo "$variable is not set: run the tests through scripts/test" >&2; exit 1; }
export AWS_ENDPOINT_URL_DYNAMODB=$endpoint AWS_REGION=${AWS_REGION:-us-east-1}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-dynormlocal} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-dynormlocal}
actual=$("$@")
printf '%s\n' "$actual"
/usr/bin/python3 - "$expected" "$actual" <<'PY'
import re, sys
expected = open(sys.argv[1], encoding="utf-8").read().splitlines()
actual = sys.argv[2].splitlines()
for i in range(max(len(expected), len(actual))):
    e = expected[i] if i < len(expected) else "<end of output>"
    a = actual[i] if i < len(actual) else "<end of output>"
    ok = re.fullmatch(e[2:], a) is not None if e.startswith("~ ") else e == a
    if not ok:
        sys.exit(f"output line {i + 1} differs:\n  expected: {e}\n  actual:   {a}")
print("output matches", sys.argv[1])
PY
