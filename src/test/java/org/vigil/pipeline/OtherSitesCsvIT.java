package org.vigil.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * UCI-schema files as other sites send them (src/test/resources/csv-other-sites/): Switzerland's,
 * with 0 for every unmeasured cholesterol and NaN for other missing values, and one with an added
 * column and no target. Every row is accepted, with the values right and what was absent saying so.
 */
@VigilIntegrationTest("sites")
class OtherSitesCsvIT {

    private static final Path FILES = Path.of("src/test/resources/csv-other-sites");

    @Autowired
    MongoClient mongo;

    @Value("${vigil.ingest.csv.inbox}")
    Path inbox;
    @Value("${vigil.kafka.topics.deadletter}")
    String deadLetterTopic;
    @Value("${vigil.mongodb.collection-prefix}${vigil.mongodb.records-collection}")
    String collection;

    @Test
    void everyRowOfOtherSitesFilesIsAcceptedWithItsValuesAndItsAbsencesRecorded() throws Exception {
        Path uci = Files.createDirectories(inbox.resolve("uci"));
        for (String file : List.of("processed.switzerland.data", "extra-column-no-target.csv")) {
            Files.copy(FILES.resolve(file), uci.resolve(file + ".tmp"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(uci.resolve(file + ".tmp"), uci.resolve(file));
        }

        MongoCollection<Document> records = mongo.getDatabase("vigil").getCollection(collection);
        await("123 Swiss rows and 20 rows with an extra column stored").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(300)).until(records::countDocuments, count -> count >= 143);
        assertThat(records.countDocuments()).isEqualTo(143);
        assertThat(TopicReader.all(deadLetterTopic)).as("nothing dead-lettered").isEmpty();

        List<Document> swiss = records.find(new Document("source", new Document("$regex", "^file:processed.switzerland.data:")))
                .into(new ArrayList<>());
        assertThat(swiss).hasSize(123).allSatisfy(record -> {
            Document heart = record.get("heart", Document.class);
            assertThat(heart.get("cholesterol")).as("0 means not measured: absent, never 0").isNull();
            assertThat(record.get("absentAsSent", Document.class).getString("chol")).isEqualTo("0");
            assertThat(heart.get("age", Number.class)).isNotNull();
        });
        Document first = records.find(new Document("source", "file:processed.switzerland.data:1")).first();
        Document heart = first.get("heart", Document.class);
        assertThat(heart.getInteger("age")).isEqualTo(32);
        assertThat(heart.getInteger("restingSystolicBp")).isEqualTo(95);
        assertThat(heart.getDouble("stDepression")).isEqualTo(0.7);
        assertThat(heart.get("fastingBloodSugarOver120")).as("NaN: absent").isNull();
        assertThat(heart.getString("chestPain")).isEqualTo("TYPICAL_ANGINA");
        assertThat(heart.getBoolean("diseasePresent")).isTrue();
        assertThat(first.get("absentAsSent", Document.class)).containsEntry("fbs", "NaN").containsEntry("ca", "NaN");
        Document noBloodPressure = records.find(new Document("source", "file:processed.switzerland.data:3")).first();
        assertThat(noBloodPressure.get("heart", Document.class).get("restingSystolicBp")).isNull();

        Document extra = records.find(new Document("source", "file:extra-column-no-target.csv:2")).first();
        Document cleveland = extra.get("heart", Document.class);
        assertThat(cleveland.getInteger("age")).isEqualTo(63);
        assertThat(cleveland.getInteger("restingSystolicBp")).isEqualTo(145);
        assertThat(cleveland.getInteger("cholesterol")).as("read by its header name, not its position").isEqualTo(233);
        assertThat(cleveland.getString("thal")).isEqualTo("FIXED_DEFECT");
        assertThat(cleveland.get("diseasePresent")).as("no target column: unknown").isNull();
        assertThat(extra.get("extra", Document.class).getString("temp")).isEqualTo("36.4");
        assertThat(records.countDocuments(new Document("source", new Document("$regex", "^file:extra-column-no-target.csv:"))))
                .isEqualTo(20);
    }
}
