#!/bin/sh
# The Kafka ACLs of docker-compose.yml, set by the kafka-init service as the super user admin; safe
# to run again (an ACL that exists is left as it is). The broker runs StandardAuthorizer with
# allow.everyone.if.no.acl.found=false: a user may do only what a line below grants it.
#
#   vigil    every topic of Vigil (prefix vigil., application.yaml's vigil.kafka.topic-prefix) and
#            its consumer groups (vigil-*): the only writer of the alert commands and the specialty topics
#   gateway  writes the raw topic, nothing else: no read, no other topic, no group
#   connect  reads the topics its sinks store (connectors/*.json), writes its dead letters; its own
#            topics (vigil-connect-*) and groups (vigil-connect, connect-vigil-*)
#
# DeploymentFilesTest reads every --allow-principal line: who may write the raw, command and specialty
# topics, and that the gateway may do nothing else. The same grants for Strimzi:
# deploy/kubernetes/clusters/kafka-users.yaml.
set -eu

BOOTSTRAP=${BOOTSTRAP_SERVER:-kafka:29092}
CONFIG=${ADMIN_CONFIG:-/run/secrets/kafka-admin.properties}
BIN=/opt/kafka/bin

acl() {
    "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --add "$@" >/dev/null
    echo "granted: $*"
}

# The raw topic exists before a gateway writes: gateways may not create topics (Vigil creates the others).
"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --create --if-not-exists \
    --topic vigil.raw --partitions "${PARTITIONS:-3}" --replication-factor "${REPLICATION:-1}"

acl --allow-principal User:vigil --operation Read --operation Write --operation Create --operation Describe --topic vigil. --resource-pattern-type prefixed
acl --allow-principal User:vigil --operation Read --operation Describe --group vigil- --resource-pattern-type prefixed

acl --allow-principal User:gateway --operation Write --operation Describe --topic vigil.raw

acl --allow-principal User:connect --operation Read --operation Describe --topic vigil.cardiology --topic vigil.emergency --topic vigil.diabetes --topic vigil.dyslipidemia --topic vigil.vitals --topic vigil.research --topic vigil.classified --topic vigil.records
acl --allow-principal User:connect --operation Write --operation Create --operation Describe --topic vigil.connect.deadletter
acl --allow-principal User:connect --operation Read --operation Write --operation Create --operation Describe --operation DescribeConfigs --topic vigil-connect- --resource-pattern-type prefixed
acl --allow-principal User:connect --operation Read --operation Describe --group vigil-connect
acl --allow-principal User:connect --operation Read --operation Describe --group connect-vigil- --resource-pattern-type prefixed

echo "Kafka ACLs in place"
