#!/usr/bin/env bash
# Store throughput on this machine, apart from the rest of the pipeline: with the stores' sinks
# stopped, the gateway simulator's vital signs are ingested and classified (so the classified and
# specialty topics fill up); then the sinks are started and this script times how long the
# batched writes to MongoDB and Elasticsearch take to catch up. It prints messages and records
# per second for the stores, and for classification in the same run (the ratio is what counts on
# a noisy machine).
#
#   bench/store.sh [seconds] [rate]
#
# Uses the local services and app (./vigil start). Figures go in BENCHMARKS.md with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rate=${2:-500}
base=http://127.0.0.1:${VIGIL_HTTP_PORT:-8080}
url=$base/api/pipeline/summary?format=text
# Starts or stops both stores' sinks over Jolokia (JMX), as an operator would in Hawtio.
route() {
  local sink
  for sink in mongodb-sink elasticsearch-sink; do
    curl -fsS -H 'Content-Type: application/json' -X POST "$base/actuator/jolokia" \
      -d "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=vigil,type=routes,name=\\\"$sink\\\"\",\"operation\":\"$1()\"}" \
      | grep -q '"status":200' || { echo "could not $1 $sink over Jolokia" >&2; exit 1; }
  done
}

./vigil start >/dev/null
# The operator's credentials ./vigil made for this machine (or a site's own, user:password).
operator=${VIGIL_OPERATOR_CREDENTIALS:-operator:$(<"${VIGIL_HOME:-.vigil}/secrets/operator.password")}
export VIGIL_API_KEY=${VIGIL_API_KEY:-$(<"${VIGIL_HOME:-.vigil}/secrets/gateway.key")}
curl() { printf 'user = "%s"\n' "$operator" | command curl -K - "$@"; }
figure() { grep -E "^$1=" <<<"$2" | cut -d= -f2; }
number() { local v; v=$(figure "$1" "$2"); [[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo 0; }
grown() { echo $(( $(number "$1" "$3") - $(number "$1" "$2") )); }

route stop
trap 'route start' EXIT
before=$(curl -fsS "$url")
start=$(date +%s.%N)
./vigil simulate --patients 50 --rate "$rate" --duration "${seconds}s" --to kafka --seed 7 | tail -n 1

# Classification done: every published record is on the classified topic.
deadline=$((SECONDS + 900))
while :; do
  now=$(curl -fsS "$url")
  published=$(grown kafka.records.published "$before" "$now")
  classified=$(grown kafka.topic.vigil.classified "$before" "$now")
  ((published > 0 && classified >= published)) && break
  ((SECONDS < deadline)) || { echo "classification not done after 15 minutes"; exit 1; }
  sleep 0.5
done
classified_at=$(date +%s.%N)
pending=$(number store.pending "$now")

route start
store_start=$(date +%s.%N)
while :; do
  now=$(curl -fsS "$url")
  [[ $(figure store.pending "$now") == 0 ]] && break
  ((SECONDS < deadline)) || { echo "stores not caught up after 15 minutes"; exit 1; }
  sleep 0.2
done
stored_at=$(date +%s.%N)
documents=$(grown store.mongodb.written "$before" "$now")
indexed=$(grown store.elasticsearch.written "$before" "$now")

per_second() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
echo "offered $rate Observations/s for $seconds s through Kafka; $published records"
echo "  classified (rules, NEWS2 window, risk, 8 topics): $(per_second "$published" "$start" "$classified_at") records/s"
echo "  stored, batched (both sinks started on $pending waiting messages; done when both stores have them):"
echo "    $(per_second "$published" "$store_start" "$stored_at") records/s, $(per_second "$pending" "$store_start" "$stored_at") messages/s"
echo "    ($documents MongoDB documents, $indexed Elasticsearch documents written)"
