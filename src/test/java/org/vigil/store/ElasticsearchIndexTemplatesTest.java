package org.vigil.store;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import org.junit.jupiter.api.Test;
import org.vigil.event.ClassifiedRecord;
import org.vigil.testsupport.ContractSchemas;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index template maps the classified record as the event type declares it: every field it
 * maps is a field of the event (or one the store adds itself), so a renamed field of the event
 * cannot leave the template mapping a field nobody writes while the new one is mapped dynamically.
 */
class ElasticsearchIndexTemplatesTest {

    /** What the Elasticsearch store adds to each document (ElasticsearchBulks): whether a risk score is there. */
    private static final Set<String> ADDED_BY_THE_STORE = Set.of("riskScored");

    @Test
    void theTemplateMapsOnlyFieldsOfTheClassifiedRecord() {
        Set<String> mapped = new TreeSet<>();
        collect("", ElasticsearchIndexTemplates.mappings().properties(), mapped);
        assertThat(mapped).hasSizeGreaterThan(30);
        mapped.removeAll(ADDED_BY_THE_STORE);
        assertThat(ContractSchemas.paths(ContractSchemas.generate(ClassifiedRecord.class))).containsAll(mapped);
    }

    private static void collect(String prefix, Map<String, Property> properties, Set<String> into) {
        properties.forEach((name, property) -> {
            String path = prefix + name;
            into.add(path);
            if (property.isObject()) {
                collect(path + ".", property.object().properties(), into);
            }
        });
    }
}
