#!/bin/sh
# Elasticsearch's users for docker-compose.yml, made by the elasticsearch-init service as the
# bootstrap superuser elastic: kibana_system's password (Kibana logs in with it), and Vigil's own
# users, each with its role of deploy/elasticsearch/roles.yml (the node's roles.yml). Safe to run
# again: a user that exists gets its password and roles set again.
#
#   ES_URL                  default https://elasticsearch:9200
#   ES_CA                   the CA of Elasticsearch's certificate, default /run/secrets/elasticsearch-ca.crt
#   ELASTIC_PASSWORD_FILE   the elastic user's password, default /run/secrets/elastic-password
#   KIBANA_SYSTEM_PASSWORD  kibana_system's password (Kibana takes it from its environment)
#   ES_WAIT_SECONDS         how long to wait for Elasticsearch, default 300
#
# Needs only a POSIX shell, curl and sed. DeploymentFilesTest checks that every role named on a
# user line below is one of roles.yml.
set -eu

ES_URL=${ES_URL:-https://elasticsearch:9200}
ES_URL=${ES_URL%/}
ES_CA=${ES_CA:-/run/secrets/elasticsearch-ca.crt}
WAIT_SECONDS=${ES_WAIT_SECONDS:-300}
: "${KIBANA_SYSTEM_PASSWORD:?set it}"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM

# A value as a JSON string's content.
json() {
    printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'
}

# The credentials go to curl in a config file, not on its command line (ps would show them).
printf 'user = "elastic:%s"\n' "$(json "$(cat "${ELASTIC_PASSWORD_FILE:-/run/secrets/elastic-password}")")" >"$WORK/curlrc"

# es METHOD PATH [BODY_FILE]: the answer's body goes to $WORK/answer, its status to $STATUS.
es() {
    if [ $# -gt 2 ]; then
        set -- "$1" "$2" -H 'Content-Type: application/json' --data-binary "@$3"
    fi
    method=$1
    path=$2
    shift 2
    STATUS=$(curl -sS -K "$WORK/curlrc" --cacert "$ES_CA" -o "$WORK/answer" -w '%{http_code}' -X "$method" "$@" \
        "$ES_URL$path" 2>"$WORK/curl-error") || STATUS=000
}

fail() {
    echo "elasticsearch-users.sh: $*" >&2
    [ -s "$WORK/answer" ] && cat "$WORK/answer" >&2 && echo >&2
    exit 1
}

echo "Waiting for Elasticsearch at $ES_URL (up to $WAIT_SECONDS s)"
waited=0
until es GET '/_cluster/health?wait_for_status=yellow&timeout=5s' && [ "$STATUS" = 200 ]; do
    [ "$STATUS" = 401 ] && fail "Elasticsearch refused the elastic user's password (HTTP 401)"
    [ "$waited" -ge "$WAIT_SECONDS" ] && fail "Elasticsearch not available after $WAIT_SECONDS s (HTTP $STATUS: $(cat "$WORK/curl-error"))"
    sleep 5
    waited=$((waited + 5))
done

printf '{"password":"%s"}' "$(json "$KIBANA_SYSTEM_PASSWORD")" >"$WORK/body"
es POST /_security/user/kibana_system/_password "$WORK/body"
[ "$STATUS" = 200 ] || fail "setting kibana_system's password answered HTTP $STATUS"
echo "kibana_system: password set"

# user NAME ROLE PASSWORD_FILE
user() {
    printf '{"password":"%s","roles":["%s"]}' "$(json "$(cat "$3")")" "$2" >"$WORK/body"
    es POST "/_security/user/$1" "$WORK/body"
    [ "$STATUS" = 200 ] || fail "user $1 answered HTTP $STATUS"
    echo "$1: role $2"
}

# Vigil (VIGIL_ELASTICSEARCH_USERNAME in docker-compose.yml); its password is Vigil's secret VIGIL_ELASTICSEARCH_PASSWORD.
user vigil vigil_writer /run/secrets/elasticsearch-vigil-password
# kibana-init logs in to Kibana as this user (kibana/load.sh).
user vigil-kibana-admin vigil_kibana_admin /run/secrets/elasticsearch-kibana-admin-password

echo "Elasticsearch users in place"
