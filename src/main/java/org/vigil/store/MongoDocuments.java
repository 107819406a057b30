package org.vigil.store;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Shapes records for MongoDB. */
@Component("mongoDocuments")
public class MongoDocuments {

    /**
     * The record with its id as {@code _id}, so a save (upsert) of a redelivered record
     * replaces the document instead of adding a second one.
     */
    public Document withRecordId(@Body String json, @Header(KafkaConstants.KEY) String recordId) {
        if (recordId == null || recordId.isBlank()) {
            throw new IllegalArgumentException("record has no id (Kafka key); cannot store it idempotently");
        }
        Document document = new Document("_id", recordId);
        document.putAll(Document.parse(json));
        return document;
    }
}
