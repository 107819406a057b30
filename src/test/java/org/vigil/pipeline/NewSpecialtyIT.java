package org.vigil.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.vigil.config.Specialties;
import org.vigil.testsupport.TestCredentials;
import org.vigil.config.VigilProperties;
import org.vigil.event.SpecialtyRecord;
import org.vigil.store.access.AccessMatrix;
import org.vigil.store.access.MongoAccessProperties;
import org.vigil.store.access.MongoAccessProvisioner;
import org.vigil.store.access.MongoPasswords;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.SecuredMongo;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A specialty added as one block of configuration, and nothing else: nephrology, for records with
 * high cholesterol, carrying cholesterol and risk, indexed in Elasticsearch, readable by its own
 * MongoDB role. heart.csv goes in over HTTP; the new topic gets exactly the high-cholesterol rows
 * with only the fields the block names, the store writes them to the new collection and index,
 * and the access matrix gives the new role read access to that collection and to no other.
 */
@VigilIntegrationTest("newspec")
@TestPropertySource(properties = {
        "vigil.specialties.nephrology.when=HIGH_CHOLESTEROL",
        "vigil.specialties.nephrology.fields=cholesterol,risk",
        "vigil.specialties.nephrology.readers=vigil-nephrologist",
        "vigil.specialties.nephrology.index=true"})
class NewSpecialtyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @RegisterExtension
    static final SecuredMongo securedMongo = new SecuredMongo();

    @LocalServerPort
    int port;
    @Autowired
    Specialties specialties;
    @Autowired
    VigilProperties vigil;
    @Autowired
    MongoClient mongo;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    MongoAccessProperties declaredAccess;
    @Autowired
    CamelContext camel;

    @Test
    void topicProjectionCollectionIndexAndRoleFollowFromTheBlock() throws Exception {
        Specialties.Specialty nephrology = specialties.named("nephrology");
        assertThat(nephrology.topic()).isEqualTo(vigil.kafka().topicPrefix() + "nephrology");
        assertThat(nephrology.collection()).isEqualTo(vigil.mongodb().collection("nephrology"));
        assertThat(nephrology.index()).isEqualTo(vigil.elasticsearch().indexPrefix() + "nephrology");

        // Expected from the file itself: heart.csv's chol column (the 5th) above 200 mg/dl.
        List<String> rows = Files.readAllLines(Path.of("data/heart.csv")).subList(1, 1026);
        long highCholesterol = rows.stream().filter(r -> Integer.parseInt(r.split(",")[4]) > 200).count();
        assertThat(highCholesterol).isBetween(1L, 1024L);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(TestCredentials.asGateway(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/ingest/csv")))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(Path.of("data/heart.csv"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).contains("\"accepted\":1025");

        // The topic: exactly those records, each with the common fields and the block's fields only.
        List<ConsumerRecord<String, byte[]>> messages = TopicReader.read(nephrology.topic(), (int) highCholesterol, PATIENCE);
        assertThat(messages).hasSize((int) highCholesterol);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> message : messages) {
            JsonNode fields = JSON.readTree(message.value());
            ids.add(fields.get("recordId").asText());
            assertThat(fields.get("cholesterol").asInt()).isGreaterThan(200);
            fields.fieldNames().forEachRemaining(field -> assertThat(SpecialtyRecord.COMMON.contains(field)
                    || nephrology.fields().contains(field)).as("field %s", field).isTrue());
        }
        assertThat(ids).hasSize((int) highCholesterol);

        // The stores: the collection and the index hold those records, once each.
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            assertThat(StoreProbe.storeTopics(camel)).contains(nephrology.topic());
            await("the store caught up").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> StoreProbe.storeLag(kafka, camel) == 0
                            && StoreProbe.documentsIn(elasticsearch, nephrology.index()) == highCholesterol);
        }
        var collection = mongo.getDatabase(vigil.mongodb().database()).getCollection(nephrology.collection());
        Set<String> stored = new HashSet<>();
        collection.find().forEach(document -> stored.add(document.getString("_id")));
        assertThat(stored).isEqualTo(ids);

        // The role: provisioned from the same block, it reads the new collection and nothing else.
        MongoAccessProperties matrix = AccessMatrix.effective(declaredAccess, specialties);
        assertThat(matrix.roles().get("vigil-nephrologist").read()).containsExactly(nephrology.collection());
        assertThat(matrix.roles().get(declaredAccess.writerRole()).write()).contains(nephrology.collection());
        MongoAccessProperties withUser = new MongoAccessProperties(false, securedMongo.adminUri(), "vigil_newspec",
                matrix.authDatabase(), null, matrix.roles(), java.util.Map.of("nephrologist", "vigil-nephrologist"),
                matrix.writerRole());
        new MongoAccessProvisioner(withUser, new MongoPasswords(variable -> "pw-" + variable, null)).provision(securedMongo.admin());
        var seeded = securedMongo.admin().getDatabase("vigil_newspec");
        seeded.getCollection(nephrology.collection()).insertOne(new Document("_id", "seed"));
        seeded.getCollection(specialties.named("cardiology").collection()).insertOne(new Document("_id", "seed"));
        try (MongoClient nephrologist = securedMongo.loggedInAs("nephrologist", matrix.authDatabase(),
                "pw-" + MongoPasswords.variableFor("nephrologist"))) {
            var database = nephrologist.getDatabase("vigil_newspec");
            assertThat(database.getCollection(nephrology.collection()).countDocuments()).isOne();
            assertThatThrownBy(() -> database.getCollection(specialties.named("cardiology").collection()).find().first())
                    .isInstanceOf(MongoServerException.class)
                    .satisfies(e -> assertThat(((MongoServerException) e).getCode()).isEqualTo(13));
        }
    }
}
