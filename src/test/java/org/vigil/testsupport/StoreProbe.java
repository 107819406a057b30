package org.vigil.testsupport;

import java.io.IOException;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.camel.CamelContext;

/** What the store tests read back: the store consumer's group and topics, and index counts at rest. */
public final class StoreProbe {

    private StoreProbe() {
    }

    public static List<String> storeTopics(CamelContext camel) {
        return List.of(camel.resolvePropertyPlaceholders("{{vigil.store.topics}}").split(","));
    }

    public static String storeGroup(CamelContext camel) {
        return camel.resolvePropertyPlaceholders("{{vigil.store.consumer-group}}");
    }

    /** Documents in an index once Elasticsearch made every write searchable (0 while it does not exist). */
    public static long documentsIn(ElasticsearchClient elasticsearch, String index) throws IOException {
        elasticsearch.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
        return elasticsearch.count(c -> c.index(index).ignoreUnavailable(true)).count();
    }
}
