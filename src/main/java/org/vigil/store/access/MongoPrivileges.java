package org.vigil.store.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

/** A role of the access matrix as MongoDB privilege documents, one per collection. */
public final class MongoPrivileges {

    static final List<String> READ_ACTIONS = List.of("find");
    static final List<String> WRITE_ACTIONS = List.of("find", "insert", "update", "createIndex");
    /** An append-only collection: nothing written there can be changed or removed by this role. */
    static final List<String> APPEND_ACTIONS = List.of("find", "insert", "createIndex");

    private MongoPrivileges() {
    }

    /** {@code [{resource: {db, collection}, actions: [...]}, ...]} in the matrix's order. */
    public static List<Document> of(String database, MongoAccessProperties.Role role) {
        Map<String, Set<String>> actionsByCollection = new LinkedHashMap<>();
        role.read().forEach(c -> actionsByCollection.computeIfAbsent(c, k -> new LinkedHashSet<>()).addAll(READ_ACTIONS));
        role.write().forEach(c -> actionsByCollection.computeIfAbsent(c, k -> new LinkedHashSet<>()).addAll(WRITE_ACTIONS));
        role.append().forEach(c -> actionsByCollection.computeIfAbsent(c, k -> new LinkedHashSet<>()).addAll(APPEND_ACTIONS));
        List<Document> privileges = new ArrayList<>();
        actionsByCollection.forEach((collection, actions) -> privileges.add(new Document()
                .append("resource", new Document("db", database).append("collection", collection))
                .append("actions", new ArrayList<>(actions))));
        return privileges;
    }

    /** Privileges as comparable values, ignoring the order MongoDB lists them and their actions in. */
    static Map<List<String>, Set<String>> normalized(List<?> privileges) {
        Map<List<String>, Set<String>> normalized = new LinkedHashMap<>();
        for (Object each : privileges) {
            Document privilege = (Document) each;
            Document resource = privilege.get("resource", Document.class);
            List<String> key = List.of(String.valueOf(resource.get("db")), String.valueOf(resource.get("collection")));
            normalized.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(privilege.getList("actions", String.class));
        }
        return normalized;
    }
}
