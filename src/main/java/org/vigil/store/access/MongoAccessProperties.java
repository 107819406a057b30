package org.vigil.store.access;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The access matrix ({@code vigil.mongodb.access.*} in application.yaml): which MongoDB role may
 * read or write which collection of {@code database}, and which user has which role.
 *
 * <p>Maps keep the order of application.yaml, so the generated mongo-init.js is stable.
 *
 * @param provisionOnStartup create or update the roles and users when Vigil starts
 * @param adminUri           connection string of a user allowed to manage roles and users
 * @param database           the database whose collections the roles grant access to
 * @param authDatabase       where the roles and users are defined (their users' authSource)
 * @param secretsFile        a properties file ({@code user=password}) or a folder with one file per
 *                           user; blank for environment variables only
 * @param roles              role name → collections it may read and write, beyond what the
 *                           specialties grant (see {@link AccessMatrix})
 * @param users              user name → role name
 * @param writerRole         the role Vigil runs as, which writes every specialty collection
 */
@ConfigurationProperties(prefix = "vigil.mongodb.access")
public record MongoAccessProperties(
        boolean provisionOnStartup,
        String adminUri,
        String database,
        @DefaultValue("admin") String authDatabase,
        String secretsFile,
        Map<String, Role> roles,
        Map<String, String> users,
        @DefaultValue("vigil-writer") String writerRole) {

    /**
     * {@code read}: the find action; {@code write}: find, insert and update (an upsert needs all
     * three); {@code append}: find and insert, never update (an audit trail: what is written stays as written).
     */
    public record Role(List<String> read, List<String> write, List<String> append) {

        public Role {
            read = read == null ? List.of() : List.copyOf(read);
            write = write == null ? List.of() : List.copyOf(write);
            append = append == null ? List.of() : List.copyOf(append);
        }
    }

    public MongoAccessProperties {
        roles = ordered(roles);
        users = ordered(users);
    }

    /** The same matrix with other roles (the effective ones, see {@link AccessMatrix}). */
    public MongoAccessProperties withRoles(Map<String, Role> effectiveRoles) {
        return new MongoAccessProperties(provisionOnStartup, adminUri, database, authDatabase, secretsFile,
                effectiveRoles, users, writerRole);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
