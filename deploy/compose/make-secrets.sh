#!/bin/sh
# Makes the secrets docker-compose.yml reads from ./secrets/ (git-ignored, never committed): a private
# CA, the TLS certificates of Kafka and Elasticsearch, a password per Kafka user (admin, vigil,
# gateway, connect), per Elasticsearch user (elastic, vigil, vigil-kibana-admin) and for Kafka
# Connect's REST API, and the files each service reads them from. See docs/security.md, "Production
# credentials". Run from anywhere: sh deploy/compose/make-secrets.sh. Needs openssl.
#
# Keys, certificates and passwords that exist are kept (run it again after adding a user, or delete
# a file to make it anew); the files made from them (JAAS, client properties) are rewritten each
# run. Elasticsearch takes secrets/elasticsearch/elastic.password only on its first start (its
# data volume keeps the password after that).
#
# Compose mounts each secret file as it is on this machine, so the container's user must be able to
# read it: Kafka, Kafka Connect and Elasticsearch run as uid 1000, Vigil as 10001. Each file is its
# owner's only (umask 077), then granted read to the one container user that reads it (setfacl, or
# chown when run as root); without either, the script says what to grant.
set -eu

cd "$(dirname "$0")/../.."
umask 077
mkdir -p secrets/kafka secrets/elasticsearch secrets/connect
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# password FILE: 44 random characters, none that needs quoting in JAAS, properties or a URI.
password() {
    if [ ! -s "$1" ]; then
        openssl rand -base64 48 | tr -d '\n/+=' | cut -c1-44 >"$1"
        echo "made $1"
    fi
}

# readable_by UID FILE...: the container user UID may read FILE.
readable_by() {
    uid=$1
    shift
    for file in "$@"; do
        [ -e "$file" ] || continue
        if [ "$(id -u)" = "$uid" ]; then
            continue
        elif command -v setfacl >/dev/null 2>&1; then
            setfacl -m "u:$uid:r" "$file"
        elif [ "$(id -u)" = 0 ]; then
            chown "$uid" "$file"
        else
            echo "make-secrets.sh: give uid $uid read access to $file (setfacl -m u:$uid:r $file, or sudo chown $uid $file)" >&2
        fi
    done
}

# The CA: signs the two certificates below; its key never leaves secrets/.
if [ ! -s secrets/ca.key ]; then
    openssl req -new -newkey rsa:3072 -nodes -subj "/CN=Vigil compose CA" -keyout secrets/ca.key -out "$WORK/ca.csr" 2>/dev/null
    printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' >"$WORK/ca.ext"
    openssl x509 -req -in "$WORK/ca.csr" -signkey secrets/ca.key -days 1825 -sha256 -extfile "$WORK/ca.ext" \
        -out secrets/ca.crt 2>/dev/null
    rm -f secrets/kafka.crt secrets/elasticsearch.crt # signed by an earlier CA
    echo "made secrets/ca.crt"
fi
chmod 644 secrets/ca.crt

# certificate NAME SUBJECT_ALT_NAMES: a server certificate (PKCS#8 key, unencrypted: the file's
# permissions guard it) for the names clients connect to.
certificate() {
    if [ ! -s "secrets/$1.key" ] || [ ! -s "secrets/$1.crt" ]; then
        openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "secrets/$1.key" -out "$WORK/$1.csr" 2>/dev/null
        printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' \
            "$2" >"$WORK/$1.ext"
        openssl x509 -req -in "$WORK/$1.csr" -CA secrets/ca.crt -CAkey secrets/ca.key -set_serial "0x$(openssl rand -hex 16)" \
            -days 825 -sha256 -extfile "$WORK/$1.ext" -out "secrets/$1.crt" 2>/dev/null
        echo "made secrets/$1.crt"
    fi
}
# Kafka: kafka inside the compose network, 127.0.0.1 for gateways on this machine (EXTERNAL listener).
certificate kafka "DNS:kafka,DNS:localhost,IP:127.0.0.1"
certificate elasticsearch "DNS:elasticsearch,DNS:localhost,IP:127.0.0.1"
# Kafka's PEM key store: the key, then the certificate, in one file (ssl.keystore.type=PEM, no password).
cat secrets/kafka.key secrets/kafka.crt >secrets/kafka.pem

# --- Kafka: SASL/PLAIN over TLS, one user per role (ACLs: deploy/compose/kafka-acls.sh).
for user in admin vigil gateway connect; do
    password "secrets/kafka/$user.password"
done
plain() {
    printf 'org.apache.kafka.common.security.plain.PlainLoginModule required username="%s" password="%s";' "$1" "$(cat "secrets/kafka/$1.password")"
}
# client_properties USER TRUSTSTORE: a Kafka client properties file logging in as USER.
client_properties() {
    printf 'security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=%s\nssl.truststore.type=PEM\nssl.truststore.location=%s\n' \
        "$(plain "$1")" "$2"
}
# The broker's users (user_<name>) and its own login (admin, a super user) on every listener.
{
    echo 'KafkaServer {'
    echo '    org.apache.kafka.common.security.plain.PlainLoginModule required'
    echo "    username=\"admin\" password=\"$(cat secrets/kafka/admin.password)\""
    for user in admin vigil gateway connect; do
        echo "    user_$user=\"$(cat "secrets/kafka/$user.password")\""
    done
    echo '    ;'
    echo '};'
} >secrets/kafka/server-jaas.conf
client_properties admin /run/secrets/kafka-ca.crt >secrets/kafka/admin.properties
client_properties vigil /etc/vigil/kafka/ca.crt >secrets/kafka/vigil.properties
# For a gateway on this machine (./vigil simulate with VIGIL_KAFKA_CLIENT_CONFIG, 127.0.0.1:9092).
client_properties gateway "$(pwd)/secrets/ca.crt" >secrets/kafka/gateway.properties

# --- Kafka Connect: its Kafka login (KafkaClient) and its REST API's users (KafkaConnect, Basic).
password secrets/connect/rest-admin.password
printf 'admin: %s\n' "$(cat secrets/connect/rest-admin.password)" >secrets/connect/rest-users.properties
{
    echo 'KafkaClient {'
    echo "    $(plain connect)"
    echo '};'
    echo 'KafkaConnect {'
    echo '    org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required'
    echo '    file="/run/secrets/connect-rest-users.properties";'
    echo '};'
} >secrets/kafka/connect-jaas.conf

# --- Elasticsearch: the bootstrap superuser, Vigil's writer, the Kibana content loader
# (deploy/compose/elasticsearch-users.sh makes the users; their roles: deploy/elasticsearch/roles.yml).
for user in elastic vigil kibana-admin; do
    password "secrets/elasticsearch/$user.password"
done

readable_by 1000 secrets/kafka.pem secrets/kafka/server-jaas.conf secrets/kafka/admin.properties \
    secrets/kafka/connect-jaas.conf secrets/connect/rest-users.properties secrets/connect/rest-admin.password \
    secrets/elasticsearch.key secrets/elasticsearch.crt secrets/elasticsearch/elastic.password \
    secrets/elasticsearch/kibana-admin.password
readable_by 10001 secrets/kafka/vigil.properties secrets/elasticsearch/vigil.password \
    secrets/vigil-credentials.properties secrets/pseudonym.key secrets/mongodb-uri
echo "secrets/ is ready for docker compose (and .env for the MongoDB and Kibana passwords, see .env.example)"
