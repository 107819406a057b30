package org.vigil.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.camel.CamelContext;

/**
 * What the store tests read back: the stores' consumer groups and topics, index counts at rest, and,
 * for a Vigil outside the test's Spring context ({@link VigilJar}), the document ids in the tests'
 * MongoDB and Elasticsearch under that Vigil's names ({@link IntegrationTestNames#forTest}).
 */
public final class StoreProbe {

    private StoreProbe() {
    }

    public static List<String> storeTopics(CamelContext camel) {
        return List.of(camel.resolvePropertyPlaceholders("{{vigil.store.topics}}").split(","));
    }

    /** Each store's consumer group (MongoDB's, Elasticsearch's): both read {@link #storeTopics}. */
    public static List<String> storeGroups(CamelContext camel) {
        return List.of(camel.resolvePropertyPlaceholders("{{vigil.store.consumer-group}}"),
                camel.resolvePropertyPlaceholders("{{vigil.store.elasticsearch-consumer-group}}"));
    }

    /** Messages on the store topics not yet in both stores: the larger of the two groups' lags. */
    public static long storeLag(KafkaTestClient kafka, CamelContext camel) throws Exception {
        long lag = 0;
        for (String group : storeGroups(camel)) {
            lag = Math.max(lag, kafka.lag(group, storeTopics(camel)));
        }
        return lag;
    }

    /** Stops both stores' sinks: nothing is stored, and everything else runs on. */
    public static void stopStores(CamelContext camel) throws Exception {
        for (String sink : org.vigil.contract.Names.Route.STORE_SINKS) {
            camel.getRouteController().stopRoute(sink);
        }
    }

    public static void startStores(CamelContext camel) throws Exception {
        for (String sink : org.vigil.contract.Names.Route.STORE_SINKS) {
            camel.getRouteController().startRoute(sink);
        }
    }

    /** Documents in an index once Elasticsearch made every write searchable (0 while it does not exist). */
    public static long documentsIn(ElasticsearchClient elasticsearch, String index) throws IOException {
        elasticsearch.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
        return elasticsearch.count(c -> c.index(index).ignoreUnavailable(true)).count();
    }

    /** Every document id ({@code _id}, the record id) in a collection, e.g. {@code patients_record}, under the test's prefix. */
    public static List<String> mongoIds(Map<String, Object> names, String collection) {
        List<String> ids = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create((String) LocalServices.properties().get("spring.data.mongodb.uri"))) {
            mongo.getDatabase("vigil").getCollection(names.get("vigil.mongodb.collection-prefix") + collection)
                    .find().projection(new Document("_id", 1)).forEach(document -> ids.add(document.get("_id").toString()));
        }
        return ids;
    }

    /** Every document id in an index, e.g. {@code observations}, under the test's prefix (Elasticsearch's REST API, scrolled). */
    public static List<String> elasticsearchIds(Map<String, Object> names, String index) throws IOException, InterruptedException {
        String base = ((String) LocalServices.properties().get("spring.elasticsearch.uris")).split(",")[0];
        String name = names.get("vigil.elasticsearch.index-prefix") + index;
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        http.send(HttpRequest.newBuilder(URI.create(base + "/" + name + "/_refresh?ignore_unavailable=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        JsonNode page = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/" + name
                + "/_search?ignore_unavailable=true&scroll=1m&size=5000&_source=false&sort=_doc")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> ids = new ArrayList<>();
        while (page.path("hits").path("hits").size() > 0) {
            page.path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
            String scroll = json.writeValueAsString(Map.of("scroll", "1m", "scroll_id", page.path("_scroll_id").asText()));
            page = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/_search/scroll"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(scroll)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        if (page.hasNonNull("_scroll_id")) {
            http.send(HttpRequest.newBuilder(URI.create(base + "/_search/scroll")).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("scroll_id", page.path("_scroll_id").asText()))))
                    .build(), HttpResponse.BodyHandlers.discarding());
        }
        return ids;
    }
}
