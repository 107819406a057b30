package org.vigil.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.vigil.contract.Names;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Malformed rows go to the dead-letter topic as they were written, with a reason; good rows go on. */
@VigilIntegrationTest("bad")
class MalformedCsvIT {

    private static final String HEADER = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,target";
    private static final String GOOD_1 = "52,1,0,125,212,0,1,168,0,1,2,2,3,0";
    private static final String SHORT_ROW = "53,1,0,140,203,1,0,155";
    private static final String TEXT_AGE = "abc,1,0,145,174,0,1,125,1,2.6,0,0,3,0";
    private static final String GOOD_2 = "61,1,0,148,203,0,1,161,0,0,2,1,3,0";

    @Autowired
    MongoClient mongo;

    @Value("${vigil.ingest.csv.inbox}")
    Path inbox;
    @Value("${vigil.kafka.topics.deadletter}")
    String deadLetterTopic;
    @Value("${vigil.mongodb.collection-prefix}${vigil.mongodb.records-collection}")
    String collection;

    @Test
    void malformedRowsAreDeadLetteredWithOriginalTextAndReasonWhileGoodRowsAreStored() throws Exception {

        String csv = String.join("\r\n", HEADER, GOOD_1, SHORT_ROW, TEXT_AGE, GOOD_2) + "\r\n";
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("mixed.csv.tmp"), csv, StandardCharsets.UTF_8);
        Files.move(inbox.resolve("mixed.csv.tmp"), inbox.resolve("mixed.csv"));

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(deadLetterTopic, 2, Duration.ofSeconds(30));
        dead.sort(Comparator.comparing(r -> TopicReader.header(r, Names.Header.SOURCE)));
        assertThat(dead).hasSize(2);

        ConsumerRecord<String, byte[]> shortRow = dead.get(0);
        assertThat(TopicReader.text(shortRow)).isEqualTo(SHORT_ROW);
        assertThat(TopicReader.header(shortRow, Names.Header.SOURCE)).isEqualTo("file:mixed.csv:3");
        assertThat(TopicReader.header(shortRow, Names.Header.ERROR_MESSAGE))
                .isEqualTo("row has 8 columns, expected 14 (" + HEADER + ")");
        assertThat(TopicReader.header(shortRow, Names.Header.ERROR_CLASS)).isEqualTo("org.vigil.ingest.InvalidRecordException");
        assertThat(TopicReader.header(shortRow, Names.Header.ERROR_ROUTE)).isEqualTo("csv-row");
        assertThat(TopicReader.header(shortRow, Names.Header.ERROR_TIME)).isNotBlank();

        ConsumerRecord<String, byte[]> textAge = dead.get(1);
        assertThat(TopicReader.text(textAge)).isEqualTo(TEXT_AGE);
        assertThat(TopicReader.header(textAge, Names.Header.SOURCE)).isEqualTo("file:mixed.csv:4");
        assertThat(TopicReader.header(textAge, Names.Header.ERROR_MESSAGE)).isEqualTo("column 'age' is 'abc', not a number");

        MongoCollection<Document> documents = mongo.getDatabase("vigil").getCollection(collection);
        await("both good rows in MongoDB").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(documents::countDocuments, count -> count >= 2);
        List<String> storedSources = documents.find().map(d -> d.getString("source")).into(new ArrayList<>());
        assertThat(storedSources).containsExactlyInAnyOrder("file:mixed.csv:2", "file:mixed.csv:5");
        Document lastGood = documents.find(new Document("source", "file:mixed.csv:5")).first();
        assertThat(lastGood.get("heart", Document.class).get("age", Number.class).intValue()).isEqualTo(61);
    }
}
