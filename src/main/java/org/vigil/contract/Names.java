package org.vigil.contract;

import java.util.List;

/**
 * The names the YAML routes and the Java beans share: exchange properties, headers, route ids,
 * route configuration ids and counters. Each is declared here once and used by name from Java;
 * the routes spell them out, and {@code NamesContractTest} fails when a route uses a
 * {@code vigil*} name or a route id that is not declared here.
 *
 * <p>This package depends on nothing else in Vigil, so every package may use it.
 */
public final class Names {

    private Names() {
    }

    /** Exchange properties: what a route keeps for later steps of the same exchange. */
    public static final class Property {

        /** Where an item came from, e.g. {@code file:heart.csv:2}; set by every ingest route. */
        public static final String SOURCE = "vigilSource";
        /** The {@code CsvLayout} (coding, columns, input name) of the CSV input being split. */
        public static final String CSV_CODING = "vigilCsvCoding";
        /** The type of the FHIR Bundle being split ({@code batch}, {@code transaction} ...), null for a single resource. */
        public static final String BUNDLE_TYPE = "vigilBundleType";
        /** The FHIR server's search result page being taken. */
        public static final String FHIR_PAGE = "vigilFhirPage";
        /** Where a replayed dead letter goes back to: a topic, or {@link Route#CSV_ROW}. */
        public static final String REPLAY_TARGET = "vigilReplayTarget";
        /** A Kafka batch as consumed (the exchanges, for their offsets). */
        public static final String KAFKA_BATCH = "vigilKafkaBatch";
        /** The commit handles of a Kafka batch's records, per partition, taken as the batch arrives. */
        public static final String KAFKA_OFFSETS = "vigilKafkaOffsets";
        /** What of a Kafka batch must be durable before its offsets are committed ({@code contract.Durable}). */
        public static final String BATCH_DURABLE = "vigilBatchDurable";
        /** The consumer group's generation a Kafka batch was consumed in (it changes at every rebalance); set by {@code KafkaBatches.owned}. */
        public static final String KAFKA_GENERATION = "vigilKafkaGeneration";
        /** A store batch as plain messages. */
        public static final String STORE_BATCH = "vigilStoreBatch";
        /** The MongoDB bulk (one collection) being written. */
        public static final String MONGO_BULK = "vigilMongoBulk";
        /** The Elasticsearch bulk being indexed. */
        public static final String ES_BULK = "vigilEsBulk";
        /** What classification made of a Kafka batch ({@code routing.ClassifiedBatch}). */
        public static final String CLASSIFIED_BATCH = "vigilClassifiedBatch";
        /** What one FHIR input became ({@code ingest.FhirInputs.Read}): its outcomes, records and refusals. */
        public static final String FHIR_READ = "vigilFhirRead";
        /** What raw ingest made of a Kafka batch of the raw topic ({@code ingest.RawFhirBatches.RawBatch}). */
        public static final String RAW_BATCH = "vigilRawBatch";
        /** The records of one input, published together ({@code ingest.RecordBatches}). */
        public static final String PENDING_RECORDS = "vigilPendingRecords";
        /** What an input's route had in hand while publish-records sent its batch. */
        public static final String INPUT_RESULT = "vigilInputResult";
        /** The id of the record a route published (what an HTTP sender is told was accepted). */
        public static final String RECORD_ID = "vigilRecordId";
        /** The payload of an MLLP frame as received (for its acknowledgement when it cannot be parsed). */
        public static final String HL7_FRAME = "vigilHl7Frame";
        /** The HL7 v2 message being processed ({@code ingest.hl7.Hl7Input}). */
        public static final String HL7_MESSAGE = "vigilHl7Message";
        /** What the alert lifecycle made of a Kafka batch ({@code alert.AlertEngine.AlertBatch}). */
        public static final String ALERT_BATCH = "vigilAlertBatch";
        /** Why an item is not used (valid, but nothing Vigil reads): what the sender is told instead of a record id. */
        public static final String NOT_USED = "vigilNotUsed";

        private Property() {
        }
    }

    /** Message headers Vigil sets; the {@code vigil.*} ones travel with dead letters on Kafka. */
    public static final class Header {

        /** The topic a classified message is published to. */
        public static final String TOPIC = "vigilTopic";

        /** Dead letters: exception class, message, failing route, time, source of the input. */
        public static final String ERROR_CLASS = "vigil.error.class";
        public static final String ERROR_MESSAGE = "vigil.error.message";
        public static final String ERROR_ROUTE = "vigil.error.route";
        public static final String ERROR_TIME = "vigil.error.time";
        public static final String SOURCE = "vigil.source";
        /** Dead letters over the payload limit are truncated; this says how large they were. */
        public static final String TRUNCATED_FROM = "vigil.payload.truncated-from-bytes";
        /** Which store refused a document, and the collection or index it was meant for. */
        public static final String STORE = "vigil.error.store";
        public static final String STORE_TARGET = "vigil.error.target";
        /** A message that came from a Kafka topic goes back there when replayed, with its key. */
        public static final String REPLAY_TOPIC = "vigil.replay.topic";
        public static final String REPLAY_KEY = "vigil.replay.key";
        /** A CSV row is replayed in the layout (coding, columns) of the file it came from. */
        public static final String CSV_CODING = "vigil.csv.coding";

        /** HTTP: the query parameter in which a CSV sender states its coding ({@code uci}, {@code kaggle}). */
        public static final String CODING = "coding";
        /** HTTP: the query parameter naming the sending site, for its missing-value rules ({@code vigil.ingest.csv.missing-values.inputs}). */
        public static final String SITE = "site";
        /** HTTP: the request id, echoed in the answer and part of every source. */
        public static final String REQUEST_ID = "X-Request-ID";

        private Header() {
        }
    }

    /** Route ids. A {@code direct:} endpoint is named after the route that consumes it. */
    public static final class Route {

        public static final String CSV_FILE_INGEST = "csv-file-ingest";
        public static final String CSV_ROW = "csv-row";
        public static final String HTTP_CSV = "http-csv";
        public static final String HTTP_CSV_BODY = "http-csv-body";
        public static final String HTTP_FHIR = "http-fhir";
        public static final String HTTP_FHIR_BODY = "http-fhir-body";
        public static final String HTTP_FHIR_BUNDLE = "http-fhir-bundle";
        public static final String HTTP_FHIR_OBSERVATION = "http-fhir-observation";
        public static final String FHIR_FILE_INGEST = "fhir-file-ingest";
        public static final String FHIR_INPUT = "fhir-input";
        public static final String FHIR_NDJSON = "fhir-ndjson";
        public static final String FHIR_NDJSON_LINE = "fhir-ndjson-line";
        public static final String FHIR_OBSERVATION = "fhir-observation";
        public static final String FHIR_SERVER_POLL = "fhir-server-poll";
        public static final String KAFKA_RAW_INGEST = "kafka-raw-ingest";
        public static final String MLLP_INGEST = "mllp-ingest";
        public static final String HL7_MESSAGE = "hl7-message";
        public static final String PUBLISH_RECORDS = "publish-records";
        public static final String PUBLISH_RECORD = "publish-record";
        public static final String CLASSIFY = "classify";
        /** Reads the store topics in MongoDB's consumer group and writes each batch with {@link #STORE_MONGODB}. */
        public static final String MONGODB_SINK = "mongodb-sink";
        /** Reads the store topics in Elasticsearch's consumer group and indexes each batch with {@link #STORE_ELASTICSEARCH}. */
        public static final String ELASTICSEARCH_SINK = "elasticsearch-sink";
        /** Both stores' sinks: stopping them stops all storing, and nothing else. */
        public static final java.util.List<String> STORE_SINKS = java.util.List.of(MONGODB_SINK, ELASTICSEARCH_SINK);
        public static final String STORE_MONGODB = "store-mongodb";
        public static final String STORE_MONGODB_BULK = "store-mongodb-bulk";
        public static final String STORE_ELASTICSEARCH = "store-elasticsearch";
        public static final String STORE_ELASTICSEARCH_BULK = "store-elasticsearch-bulk";
        public static final String STORE_REJECTIONS = "store-rejections";
        public static final String STORE_UNWRITTEN = "store-unwritten";
        public static final String NEWS2_PRESCRIPTION = "news2-prescription";
        public static final String ALERT_LIFECYCLE = "alert-lifecycle";
        public static final String ALERT_COMMAND = "alert-command";
        public static final String ALERT_VIEWS = "alert-views";
        public static final String ALERT_SPIKE = "alert-spike";
        public static final String ALERT_STREAM = "alert-stream";
        public static final String ALERT_WEBHOOK = "alert-webhook";
        public static final String ALERT_EMAIL = "alert-email";
        public static final String ALERT_FHIR = "alert-fhir";
        public static final String RISK_FHIR = "risk-fhir";
        public static final String DEAD_LETTER = "dead-letter";
        public static final String DEAD_LETTER_PUBLISH = "dead-letter-publish";
        public static final String DEAD_LETTER_REPLAY = "dead-letter-replay";
        public static final String CONFIG_WATCH = "config-watch";

        /** The endpoint of a route consumed with {@code direct:}. */
        public static String direct(String routeId) {
            return "direct:" + routeId;
        }

        private Route() {
        }
    }

    /** Route configurations: the shared error policies in {@code routes/configuration/}. */
    public static final class RouteConfiguration {

        public static final String DEAD_LETTER = "vigil-dead-letter";
        public static final String WAIT_FOR_STATE = "vigil-wait-for-state";
        public static final String HTTP_ERRORS = "vigil-http-errors";
        public static final String HL7_ERRORS = "vigil-hl7-errors";
        public static final String CALLER_HANDLES = "vigil-caller-handles";
        public static final String POLL_ERRORS = "vigil-poll-errors";
        public static final String STORE_UNWRITTEN = "vigil-store-unwritten";
        public static final String KAFKA_BATCH = "vigil-kafka-batch";
        public static final String ALERT_DELIVERY = "vigil-alert-delivery";

        private RouteConfiguration() {
        }
    }

    /** Counters the routes increment with the micrometer component. */
    public static final class Counter {

        public static final String CSV_ROWS = "vigil.ingest.csv.rows";
        public static final String FHIR_OBSERVATIONS = "vigil.ingest.fhir.observations";
        public static final String HL7_MESSAGES = "vigil.ingest.hl7.messages";
        public static final String RECORDS_PUBLISHED = "vigil.kafka.records.published";
        public static final String DEAD_LETTERS = "vigil.deadletter.sent";
        public static final String MONGODB_WRITTEN = "vigil.store.mongodb.written";
        public static final String ELASTICSEARCH_WRITTEN = "vigil.store.elasticsearch.written";
        public static final String ROUTING_MESSAGES = "vigil.routing.messages";
        public static final String ALERT_EVENTS = "vigil.alerts.events";
        public static final String ALERTS_DELIVERED = "vigil.alerts.delivered";
        /** Classified messages the alert lifecycle could not read (the stores dead-letter them); counted by {@code alert.AlertEngine}. */
        public static final String ALERTS_UNREADABLE = "vigil.alerts.unreadable";
        /** Audit entries that could not be written; counted by {@code security.AuditFilter}. */
        public static final String AUDIT_FAILED = "vigil.audit.failed";
        /** MLLP connections closed on arrival: their address had its most open already; counted by {@code ingest.hl7.MllpListenerComponent}. */
        public static final String MLLP_CONNECTIONS_REFUSED = "vigil.ingest.mllp.connections.refused";

        /** Valid input not used, tagged by kind; counted by {@code ingest.NotUsedInputs}, not by a route. */
        public static final String NOT_USED = "vigil.ingest.not-used";

        /** The counters the routes increment. */
        public static final List<String> ALL = List.of(CSV_ROWS, FHIR_OBSERVATIONS, HL7_MESSAGES, RECORDS_PUBLISHED, DEAD_LETTERS,
                MONGODB_WRITTEN, ELASTICSEARCH_WRITTEN, ROUTING_MESSAGES, ALERT_EVENTS, ALERTS_DELIVERED);

        private Counter() {
        }
    }
}
