#!/bin/sh
# Registers Vigil's MongoDB sinks with a distributed Kafka Connect worker: run once by the
# connect-init service of docker-compose.yml, safe to run again (a connector that exists is
# updated in place with PUT /connectors/<name>/config).
#
#   CONNECT_URL            default http://kafka-connect:8083
#   CONNECT_USER           the REST API's user (docker-compose.yml's worker demands one: Basic,
#                          connect-distributed.properties), with CONNECT_PASSWORD_FILE (or CONNECT_PASSWORD)
#   VIGIL_CONNECTORS       the files to register, default mongodb-sink-specialties.json (the
#                          patients_record sink only where Vigil's own store route does not write it)
#   CONNECT_WAIT_SECONDS   how long to wait for the worker, default 300
#
# The MongoDB login is not in the files or in Connect's config topic: connection.uri is set to
# ${env:VIGIL_CONNECT_MONGODB_URI}, which the worker resolves from its own environment
# (EnvVarConfigProvider, connect-distributed.properties). Needs only a POSIX shell, curl and sed.
set -eu

CONNECT_URL=${CONNECT_URL:-http://kafka-connect:8083}
CONNECT_URL=${CONNECT_URL%/}
WAIT_SECONDS=${CONNECT_WAIT_SECONDS:-300}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The credentials go to every curl call in a config file, not on its command line (ps would show them).
: >"$WORK/curlrc"
chmod 600 "$WORK/curlrc"
if [ -n "${CONNECT_PASSWORD_FILE:-}" ]; then
    CONNECT_PASSWORD=$(cat "$CONNECT_PASSWORD_FILE")
fi
if [ -n "${CONNECT_USER:-}" ]; then
    escaped=$(printf '%s:%s' "$CONNECT_USER" "${CONNECT_PASSWORD:-}" | sed 's/\\/\\\\/g; s/"/\\"/g')
    printf 'user = "%s"\n' "$escaped" >"$WORK/curlrc"
fi

waited=0
while :; do
    status=$(curl -s -K "$WORK/curlrc" -o /dev/null -w '%{http_code}' "$CONNECT_URL/connectors") || status=000
    [ "$status" = 200 ] && break
    if [ "$status" = 401 ] || [ "$status" = 403 ]; then
        echo "Kafka Connect at $CONNECT_URL refused the credentials (HTTP $status): set CONNECT_USER and CONNECT_PASSWORD_FILE" >&2
        exit 1
    fi
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        echo "Kafka Connect at $CONNECT_URL did not answer within $WAIT_SECONDS s (last HTTP status $status)" >&2
        exit 1
    fi
    sleep 5
    waited=$((waited + 5))
done

for file in ${VIGIL_CONNECTORS:-mongodb-sink-specialties.json}; do
    name=$(sed -n 's/^  "name": *"\([^"]*\)".*/\1/p' "$HERE/$file")
    # The inner "config" object, with the login taken from the worker's environment.
    sed -n '/^  "config": {/,/^  }/p' "$HERE/$file" | sed -e '1s/^  "config": //' \
        -e 's#"connection.uri": *"[^"]*"#"connection.uri": "${env:VIGIL_CONNECT_MONGODB_URI}"#' >"$WORK/config.json"
    status=$(curl -s -K "$WORK/curlrc" -o "$WORK/answer" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
        --data @"$WORK/config.json" "$CONNECT_URL/connectors/$name/config")
    case $status in
        200 | 201) echo "$name: registered ($status)" ;;
        *) echo "$name: Kafka Connect answered $status: $(cat "$WORK/answer")" >&2; exit 1 ;;
    esac
done
