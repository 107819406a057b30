#!/bin/sh
# Registers Vigil's MongoDB sinks with a distributed Kafka Connect worker: run once by the
# connect-init service of docker-compose.yml, safe to run again (a connector that exists is
# updated in place with PUT /connectors/<name>/config).
#
#   CONNECT_URL          default http://kafka-connect:8083
#   VIGIL_CONNECTORS     the files to register, default mongodb-sink-specialties.json (the
#                        patients_record sink only where Vigil's own store route does not write it)
#   CONNECT_WAIT_SECONDS how long to wait for the worker, default 300
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

waited=0
until curl -fs "$CONNECT_URL/connectors" >/dev/null; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        echo "Kafka Connect at $CONNECT_URL did not answer within $WAIT_SECONDS s" >&2
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
    status=$(curl -s -o "$WORK/answer" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
        --data @"$WORK/config.json" "$CONNECT_URL/connectors/$name/config")
    case $status in
        200 | 201) echo "$name: registered ($status)" ;;
        *) echo "$name: Kafka Connect answered $status: $(cat "$WORK/answer")" >&2; exit 1 ;;
    esac
done
