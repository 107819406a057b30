#!/usr/bin/env bash
# Pipeline throughput on this machine: the gateway simulator sends FHIR vital signs as fast as
# it is allowed for a fixed time, then this script waits until Vigil has ingested, classified and
# stored all of them (storage follows classification), and prints records per second for each stage.
#
#   bench/pipeline.sh [kafka|http] [seconds] [rate]
#
# Uses the local services and app (./vigil start). Figures go in BENCHMARKS.md with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
to=${1:-kafka}
seconds=${2:-20}
rate=${3:-2000}
url=http://127.0.0.1:${VIGIL_HTTP_PORT:-8080}/api/pipeline/summary?format=text

./vigil start >/dev/null
# The operator's credentials ./vigil made for this machine (or a site's own, user:password).
operator=${VIGIL_OPERATOR_CREDENTIALS:-operator:$(<"${VIGIL_HOME:-.vigil}/secrets/operator.password")}
export VIGIL_API_KEY=${VIGIL_API_KEY:-$(<"${VIGIL_HOME:-.vigil}/secrets/gateway.key")}
curl() { printf 'user = "%s"\n' "$operator" | command curl -K - "$@"; }
figure() { grep -E "^$1=" <<<"$2" | cut -d= -f2; }
number() { local v; v=$(figure "$1" "$2"); [[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo 0; }

before=$(curl -fsS "$url")
start=$(date +%s.%N)
./vigil simulate --patients 50 --rate "$rate" --duration "${seconds}s" --to "$to" --seed 7 | tail -n 1
sent_done=$(date +%s.%N)
sent=$(( $(number ingest.fhir.observations "$(curl -fsS "$url")") ))

# Wait until every stage has caught up with what was ingested (or 10 minutes).
ingested_at="" stored_at="" classified_at=""
deadline=$((SECONDS + 600))
while :; do
  now=$(curl -fsS "$url")
  published=$(( $(number kafka.records.published "$now") - $(number kafka.records.published "$before") ))
  observations=$(( $(number ingest.fhir.observations "$now") - $(number ingest.fhir.observations "$before") ))
  classified=$(( $(number kafka.topic.vigil.classified "$now") - $(number kafka.topic.vigil.classified "$before") ))
  t=$(date +%s.%N)
  [[ -z $ingested_at && $observations -gt 0 && $published -ge $observations ]] && ingested_at=$t
  [[ -z $classified_at && $published -gt 0 && $classified -ge $published ]] && classified_at=$t
  # The stores read what classification wrote: done when it is all classified and nothing is pending.
  [[ -z $stored_at && -n $classified_at && $(figure store.pending "$now") == 0 ]] && stored_at=$t
  [[ -n $ingested_at && -n $stored_at && -n $classified_at ]] && break
  ((SECONDS < deadline)) || { echo "not drained after 10 minutes"; break; }
  sleep 0.5
done

rate_of() { awk -v n="$1" -v a="$start" -v b="$2" 'BEGIN { if (b == "") print "n/a"; else printf "%.0f", n / (b - a) }'; }
echo "transport $to, offered $rate Observations/s for $seconds s"
echo "  observations ingested and published: $published ($(rate_of "$published" "$ingested_at") /s until the last was published)"
echo "  classified to specialty topics:      $published ($(rate_of "$published" "$classified_at") /s until the last was classified)"
echo "  stored in MongoDB and Elasticsearch: $published ($(rate_of "$published" "$stored_at") /s until the last was stored)"
