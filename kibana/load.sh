#!/bin/sh
# Loads Vigil's Kibana content (kibana/README.md): the saved objects (data views, Lens panels, the
# "Vigil overview" dashboard) and the alerting rules. Run once by the kibana-init service; safe to
# run again: saved objects are overwritten, rules that exist are updated in place.
#
#   KIBANA_URL                      default http://kibana:5601
#   KIBANA_USER / KIBANA_PASSWORD   optional (basic authentication); KIBANA_PASSWORD_FILE: the
#                                   password from a file instead (docker-compose.yml's secret)
#   KIBANA_WAIT_SECONDS             how long to wait for Kibana, default 300
#
# Needs only a POSIX shell, curl and sed.
set -eu

KIBANA_URL=${KIBANA_URL:-http://kibana:5601}
KIBANA_URL=${KIBANA_URL%/}
WAIT_SECONDS=${KIBANA_WAIT_SECONDS:-300}
HERE=$(cd "$(dirname "$0")" && pwd)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM

# The credentials go to curl in a config file, not on its command line (ps would show them).
: >"$WORK/curlrc"
chmod 600 "$WORK/curlrc"
if [ -n "${KIBANA_PASSWORD_FILE:-}" ]; then
    KIBANA_PASSWORD=$(cat "$KIBANA_PASSWORD_FILE")
fi
if [ -n "${KIBANA_USER:-}" ]; then
    escaped=$(printf '%s:%s' "$KIBANA_USER" "${KIBANA_PASSWORD:-}" | sed 's/\\/\\\\/g; s/"/\\"/g')
    printf 'user = "%s"\n' "$escaped" >"$WORK/curlrc"
fi

# kibana METHOD PATH [curl options...]: the response body goes to $WORK/body, its status to $STATUS
# (000 when Kibana could not be reached).
kibana() {
    method=$1
    path=$2
    shift 2
    STATUS=$(curl -sS -K "$WORK/curlrc" -o "$WORK/body" -w '%{http_code}' -X "$method" \
        -H 'kbn-xsrf: true' "$@" "$KIBANA_URL$path" 2>"$WORK/curl-error") || STATUS=000
}

fail() {
    echo "load.sh: $*" >&2
    if [ -s "$WORK/body" ]; then
        cat "$WORK/body" >&2
        echo >&2
    fi
    exit 1
}

# 1. Wait until Kibana is available: /api/status answers 200 once its overall level is not
#    unavailable (503 while it starts or while Elasticsearch is away).
echo "Waiting for Kibana at $KIBANA_URL (up to $WAIT_SECONDS s)"
waited=0
while :; do
    kibana GET /api/status
    [ "$STATUS" = 200 ] && break
    if [ "$STATUS" = 401 ] || [ "$STATUS" = 403 ]; then
        fail "Kibana refused the credentials (HTTP $STATUS); set KIBANA_USER and KIBANA_PASSWORD"
    fi
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        fail "Kibana not available after $WAIT_SECONDS s (last HTTP status $STATUS: $(cat "$WORK/curl-error"))"
    fi
    sleep 5
    waited=$((waited + 5))
done
echo "Kibana is available"

# 2. The saved objects, overwriting earlier versions of the same ids.
kibana POST '/api/saved_objects/_import?overwrite=true' --form "file=@$HERE/saved-objects.ndjson"
[ "$STATUS" = 200 ] || fail "saved objects import answered HTTP $STATUS"
grep -Eq '"success": *true' "$WORK/body" || fail "saved objects import reported errors"
echo "Imported $HERE/saved-objects.ndjson"

# 3. The rules. Each file is the body of POST /api/alerting/rule/<id> plus its id: the first lines
#    of every file are "id", "rule_type_id", "consumer" and "enabled", one a line (the test
#    KibanaSavedObjectsTest checks it), so sed can drop the id for the create call and the fields
#    an update may not carry for the PUT. An update keeps the rule's enabled state as it is.
for rule in "$HERE"/rules/*.json; do
    [ -e "$rule" ] || continue
    id=$(sed -n 's/^  "id": "\([0-9a-f-]*\)",$/\1/p' "$rule")
    [ -n "$id" ] || fail "$rule has no '  \"id\": \"<uuid>\",' line"
    sed '/^  "id": /d' "$rule" >"$WORK/create.json"
    kibana POST "/api/alerting/rule/$id" -H 'Content-Type: application/json' --data-binary "@$WORK/create.json"
    case "$STATUS" in
    200)
        echo "Created rule $id ($(basename "$rule"))"
        ;;
    409)
        sed -e '/^  "id": /d' -e '/^  "rule_type_id": /d' -e '/^  "consumer": /d' -e '/^  "enabled": /d' \
            "$rule" >"$WORK/update.json"
        kibana PUT "/api/alerting/rule/$id" -H 'Content-Type: application/json' --data-binary "@$WORK/update.json"
        [ "$STATUS" = 200 ] || fail "updating rule $id ($(basename "$rule")) answered HTTP $STATUS"
        echo "Updated rule $id ($(basename "$rule"))"
        ;;
    *)
        fail "creating rule $id ($(basename "$rule")) answered HTTP $STATUS"
        ;;
    esac
done
echo "Vigil's Kibana content is loaded"
