# shellcheck shell=bash
# Strongroom environment bootstrap. SOURCE it (`source .ci/bootstrap.sh`); .ci/test, .ci/demo
# and .ci/run do. It makes this shell ready to build and test, installing what is missing:
#
#   Node >= 24.7      from the npm package node@24 into $cache/node24 (first on PATH), and
#                     npm_config_nodedir pointing at its headers for native addons
#   pnpm              the exact version of package.json "packageManager", into $cache/pnpm
#   PostgreSQL        answering on 127.0.0.1:5432 (starts the local cluster if it is not)
#   Redis             answering on 127.0.0.1:6379 (starts a throwaway redis-server if not)
#   Java >= 17        for DynamoDB Local (apt-get install openjdk-17-jre-headless if missing)
#   DynamoDB Local    DynamoDBLocal.jar from the npm tarball of amplify-dynamodb-simulator,
#                     extracted into $cache/dynamodb-local; STRONGROOM_DYNAMODB_LOCAL_DIR
#   SoftHSM2          the PKCS#11 module and softhsm2-util (apt-get install softhsm2 if
#                     missing); STRONGROOM_SOFTHSM_MODULE. The @strongroom/pkcs11 tests
#                     initialise a fresh token of their own on every run.
#   node_modules      pnpm install --frozen-lockfile
#
# $cache is ${STRONGROOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strongroom}. Idempotent; silent
# when nothing had to be done, one line on stderr per thing it installs or starts; every step
# is bounded in time; on failure it prints what failed (with the tail of the tool's log) and
# returns non-zero. Needs no TTY; works with CI=true.

_sr_say() { printf 'bootstrap: %s\n' "$*" >&2; }

_sr_fail() {
  printf '\nbootstrap: FAILED: %s\n' "$1" >&2
  if [[ -n "${2:-}" && -s "$2" ]]; then
    printf 'bootstrap: last lines of %s:\n' "$2" >&2
    tail -n 40 "$2" | sed 's/^/  | /' >&2
  fi
  return 1
}

# _sr_logged <name> <seconds> <command...>: run quietly with a time limit, output in a log file.
_sr_logged() {
  local name=$1 secs=$2 log
  shift 2
  log="$_sr_cache/logs/$name.log"
  if ! timeout -k 10 "$secs" "$@" >"$log" 2>&1 </dev/null; then
    _sr_fail "$name: \`$*\` failed or took longer than ${secs}s" "$log"
    return 1
  fi
}

# npm without our npm_config_nodedir (npm 11 warns about config keys it does not know).
_sr_npm() { env -u npm_config_nodedir npm "$@"; }

# _sr_version_ge <have> <want>: dotted-version comparison.
_sr_version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

_sr_node_version() { timeout 20 node -p 'process.versions.node' 2>/dev/null </dev/null; }

_sr_ensure_node() {
  local want=24.7.0 have bin="$_sr_cache/node24/node_modules/.bin"
  have=$(_sr_node_version || true)
  if [[ -z "$have" ]] || ! _sr_version_ge "$have" "$want"; then
    if [[ ! -x "$bin/node" ]] || ! _sr_version_ge "$("$bin/node" -p 'process.versions.node' 2>/dev/null || echo 0)" "$want"; then
      command -v npm >/dev/null 2>&1 ||
        { _sr_fail "Node ${have:-(none)} is older than $want and there is no npm to install node@24 with"; return 1; }
      _sr_say "Node ${have:-(none)} < $want: installing node@24 from npm into $_sr_cache/node24"
      mkdir -p "$_sr_cache/node24"
      _sr_logged node24-install 600 env -u npm_config_nodedir npm install --prefix "$_sr_cache/node24" \
        --no-audit --no-fund --no-save --loglevel=warn node@24 || return 1
      [[ -x "$bin/node" ]] || { _sr_fail "npm installed node@24 but $bin/node is missing" "$_sr_cache/logs/node24-install.log"; return 1; }
    fi
    export PATH="$bin:$PATH"
    hash -r
    have=$(_sr_node_version || true)
    if [[ -z "$have" ]] || ! _sr_version_ge "$have" "$want"; then
      _sr_fail "node on PATH is ${have:-(not runnable)} after installing node@24 (want >= $want)"
      return 1
    fi
  fi
  # Headers for native addons (node-gyp cannot download them here): the platform package that
  # node@24 unpacked. Only set when that Node is the one in use.
  local headers
  for headers in "$_sr_cache"/node24/node_modules/node/node_modules/node-linux-*; do
    if [[ -f "$headers/include/node/node.h" && "$(command -v node)" == "$bin/node" ]]; then
      export npm_config_nodedir="$headers"
    fi
  done
}

_sr_ensure_pnpm() {
  local want have bin="$_sr_cache/pnpm/node_modules/.bin"
  want=$(node -p 'const m = /^pnpm@([^+]+)/.exec(require("./package.json").packageManager ?? ""); m ? m[1] : ""' 2>/dev/null)
  [[ -n "$want" ]] || { _sr_fail "package.json has no \"packageManager\": \"pnpm@x.y.z\""; return 1; }
  # COREPACK_*: a corepack shim must not prompt or fetch while we only ask for its version.
  have=$(COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_ENABLE_STRICT=0 timeout 20 pnpm --version 2>/dev/null </dev/null || true)
  [[ "$have" == "$want" ]] && return 0
  if [[ "$(timeout 20 "$bin/pnpm" --version 2>/dev/null </dev/null || true)" != "$want" ]]; then
    _sr_say "pnpm ${have:-(none)} != $want: installing pnpm@$want from npm into $_sr_cache/pnpm"
    mkdir -p "$_sr_cache/pnpm"
    _sr_logged pnpm-install 300 env -u npm_config_nodedir npm install --prefix "$_sr_cache/pnpm" \
      --no-audit --no-fund --no-save --loglevel=warn "pnpm@$want" || return 1
  fi
  export PATH="$bin:$PATH"
  hash -r
  have=$(timeout 20 pnpm --version 2>/dev/null </dev/null || true)
  [[ "$have" == "$want" ]] || { _sr_fail "pnpm on PATH is ${have:-(not runnable)} after installing pnpm@$want"; return 1; }
}

_sr_wait() { # _sr_wait <seconds> <command...>: poll until the command succeeds.
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

_sr_pg_ready() { timeout 10 pg_isready -q -h 127.0.0.1 -p 5432; }

_sr_ensure_postgres() {
  command -v pg_isready >/dev/null 2>&1 ||
    { _sr_fail "PostgreSQL client tools (pg_isready) are not installed; install PostgreSQL"; return 1; }
  _sr_pg_ready && return 0
  local version
  version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n1)
  [[ -n "$version" ]] && command -v pg_ctlcluster >/dev/null 2>&1 ||
    { _sr_fail "PostgreSQL is not answering on 127.0.0.1:5432 and no cluster under /etc/postgresql to start"; return 1; }
  _sr_say "PostgreSQL not answering on 127.0.0.1:5432: starting cluster $version/main"
  _sr_logged postgres-start 60 pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
  _sr_wait 30 _sr_pg_ready || { _sr_fail "PostgreSQL $version/main started but is not answering on 127.0.0.1:5432 after 30s"; return 1; }
}

_sr_redis_ready() { [[ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == PONG ]]; }

_sr_ensure_redis() {
  command -v redis-cli >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 ||
    { _sr_fail "redis-server/redis-cli are not installed; install Redis"; return 1; }
  _sr_redis_ready && return 0
  _sr_say "Redis not answering on 127.0.0.1:6379: starting redis-server"
  _sr_logged redis-start 30 redis-server --daemonize yes --bind 127.0.0.1 --port 6379 \
    --save "" --appendonly no --logfile "$_sr_cache/logs/redis-server.log" || return 1
  _sr_wait 20 _sr_redis_ready || { _sr_fail "redis-server started but 127.0.0.1:6379 does not answer PING after 20s" "$_sr_cache/logs/redis-server.log"; return 1; }
}

_sr_java_major() { # prints the major version of `java` on PATH, or nothing
  timeout 30 java -version 2>&1 </dev/null | sed -nE '1s/.*version "(1\.)?([0-9]+).*/\2/p'
}

_sr_ensure_java() {
  local major
  major=$(_sr_java_major || true)
  [[ -n "$major" ]] && ((major >= 17)) && return 0
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    _sr_say "Java ${major:-(none)} < 17 (needed by DynamoDB Local): apt-get install openjdk-17-jre-headless"
    _sr_logged apt-update 300 env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
    _sr_logged java-install 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless || return 1
    hash -r
    major=$(_sr_java_major || true)
    if [[ -z "$major" ]] || ((major < 17)); then
      local jdk
      for jdk in /usr/lib/jvm/java-17-*/bin; do [[ -x "$jdk/java" ]] && export PATH="$jdk:$PATH"; done
      hash -r
      major=$(_sr_java_major || true)
    fi
  fi
  [[ -n "$major" ]] && ((major >= 17)) ||
    { _sr_fail "Java 17+ is needed for DynamoDB Local and could not be installed (have: ${major:-none}); install openjdk-17-jre-headless"; return 1; }
}

_sr_ensure_dynamodb_local() {
  local spec=amplify-dynamodb-simulator@2.9.30 dir="$_sr_cache/dynamodb-local"
  local emulator="$dir/package/emulator"
  if [[ ! -f "$emulator/DynamoDBLocal.jar" || ! -d "$emulator/DynamoDBLocal_lib" ]]; then
    _sr_say "DynamoDB Local missing: npm pack $spec and extracting its emulator/ into $dir"
    local tmp
    mkdir -p "$dir"
    tmp=$(mktemp -d "$dir/.extract.XXXXXX")
    # npm pack fetches only the tarball (the package itself would pull in the Amplify CLI).
    _sr_logged dynamodb-local-pack 300 env -u npm_config_nodedir npm pack "$spec" \
      --pack-destination "$tmp" --loglevel=warn || { rm -rf "$tmp"; return 1; }
    _sr_logged dynamodb-local-extract 120 tar -xzf "$tmp/${spec/@/-}.tgz" -C "$tmp" package/emulator ||
      { rm -rf "$tmp"; return 1; }
    [[ -f "$tmp/package/emulator/DynamoDBLocal.jar" ]] ||
      { rm -rf "$tmp"; _sr_fail "the $spec tarball has no package/emulator/DynamoDBLocal.jar"; return 1; }
    rm -rf "$dir/package"
    mv "$tmp/package" "$dir/package"
    rm -rf "$tmp"
  fi
  export STRONGROOM_DYNAMODB_LOCAL_DIR="$emulator"
}

_sr_ensure_softhsm() {
  local module=${STRONGROOM_SOFTHSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
  if [[ ! -f "$module" ]] || ! command -v softhsm2-util >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] ||
      { _sr_fail "SoftHSM2 ($module and softhsm2-util, needed by the @strongroom/pkcs11 tests) is missing and apt-get cannot install it here; install the softhsm2 package"; return 1; }
    _sr_say "SoftHSM2 missing (needed by the @strongroom/pkcs11 tests): apt-get install softhsm2"
    # Try without `apt-get update` first: it is slow, and only needed when the package lists are
    # stale or absent (the install then fails and is retried after an update).
    if ! timeout -k 10 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      softhsm2 >"$_sr_cache/logs/softhsm-install.log" 2>&1 </dev/null; then
      _sr_logged apt-update 300 env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
      _sr_logged softhsm-install 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends softhsm2 || return 1
    fi
    hash -r
    [[ -f "$module" ]] && command -v softhsm2-util >/dev/null 2>&1 ||
      { _sr_fail "apt-get installed softhsm2 but $module or softhsm2-util is missing" "$_sr_cache/logs/softhsm-install.log"; return 1; }
  fi
  export STRONGROOM_SOFTHSM_MODULE="$module"
}

_sr_ensure_node_modules() {
  # Always run: with an up-to-date node_modules it takes a second or two, and an mtime shortcut
  # would miss a workspace package.json that changed without the lockfile (which must fail).
  # confirmModulesPurge=false: never stop to ask (no TTY) when node_modules must be rebuilt.
  _sr_logged pnpm-install 900 pnpm install --frozen-lockfile --prefer-offline \
    --config.confirmModulesPurge=false || return 1
}

_sr_bootstrap() {
  _sr_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || return 1
  _sr_cache="${STRONGROOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strongroom}"
  export STRONGROOM_CACHE="$_sr_cache"
  mkdir -p "$_sr_cache/logs" || { _sr_fail "cannot create the cache folder $_sr_cache"; return 1; }
  cd "$_sr_root" || return 1

  # One bootstrap at a time per cache (two scripts started together must not both install).
  local lockfd
  exec {lockfd}>"$_sr_cache/.bootstrap.lock"
  if ! flock -w 1200 "$lockfd"; then
    exec {lockfd}>&-
    _sr_fail "another bootstrap held $_sr_cache/.bootstrap.lock for 20 minutes"
    return 1
  fi
  local rc=0
  _sr_ensure_node && _sr_ensure_pnpm && _sr_ensure_postgres && _sr_ensure_redis &&
    _sr_ensure_java && _sr_ensure_dynamodb_local && _sr_ensure_softhsm && _sr_ensure_node_modules ||
    rc=$?
  exec {lockfd}>&-
  return "$rc"
}

_sr_bootstrap_cwd=$PWD
if _sr_bootstrap; then
  cd "$_sr_bootstrap_cwd" || true
  unset _sr_bootstrap_cwd
  # shellcheck disable=SC2317 # `exit` is reached when this file is executed instead of sourced
  return 0 2>/dev/null || exit 0
else
  cd "$_sr_bootstrap_cwd" || true
  unset _sr_bootstrap_cwd
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi
