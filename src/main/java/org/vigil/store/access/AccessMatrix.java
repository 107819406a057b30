package org.vigil.store.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vigil.config.Specialties;

/**
 * The access matrix as provisioned: the roles that {@code vigil.mongodb.access.roles} declares,
 * plus what the specialties grant. A specialty's {@code readers} may read its collection; the
 * writer role ({@code vigil.mongodb.access.writer-role}) writes every specialty collection. So a
 * specialty added in configuration has its collection readable by its roles, and writable by
 * Vigil, without a second list to keep.
 */
public final class AccessMatrix {

    private AccessMatrix() {
    }

    /** @throws IllegalArgumentException when a user has a role that nothing defines */
    public static MongoAccessProperties effective(MongoAccessProperties declared, Specialties specialties) {
        Map<String, List<String>> read = new LinkedHashMap<>();
        Map<String, List<String>> write = new LinkedHashMap<>();
        Map<String, List<String>> append = new LinkedHashMap<>();
        for (Specialties.Specialty specialty : specialties.all()) {
            specialty.readers().forEach(role -> add(read, role, specialty.collection()));
            add(write, declared.writerRole(), specialty.collection());
        }
        declared.roles().forEach((role, grants) -> {
            grants.read().forEach(collection -> add(read, role, collection));
            grants.write().forEach(collection -> add(write, role, collection));
            grants.append().forEach(collection -> add(append, role, collection));
        });
        Map<String, MongoAccessProperties.Role> roles = new LinkedHashMap<>();
        for (String role : names(names(read, write), append)) {
            roles.put(role, new MongoAccessProperties.Role(read.getOrDefault(role, List.of()), write.getOrDefault(role, List.of()),
                    append.getOrDefault(role, List.of())));
        }
        declared.users().forEach((user, role) -> {
            if (!roles.containsKey(role)) {
                throw new IllegalArgumentException("vigil.mongodb.access.users." + user + " has role '" + role
                        + "', which neither vigil.mongodb.access.roles nor any specialty's readers define: " + roles.keySet());
            }
        });
        return declared.withRoles(roles);
    }

    private static void add(Map<String, List<String>> grants, String role, String collection) {
        List<String> collections = grants.computeIfAbsent(role, r -> new ArrayList<>());
        if (!collections.contains(collection)) {
            collections.add(collection);
        }
    }

    private static List<String> names(Map<String, ?> first, Map<String, ?> second) {
        return names(new ArrayList<>(first.keySet()), second);
    }

    private static List<String> names(List<String> first, Map<String, ?> second) {
        List<String> names = new ArrayList<>(first);
        second.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names;
    }
}
