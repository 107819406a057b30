package org.vigil.store.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes MongoDB's roles and users match the access matrix, idempotently: a missing role or user is
 * created, an existing one is updated ({@code updateRole} only when its privileges differ;
 * {@code updateUser} always, since a stored password cannot be compared). Roles and users that are
 * no longer in the matrix are left alone: dropping access is a decision for a person.
 */
public class MongoAccessProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(MongoAccessProvisioner.class);
    private static final String MECHANISM = "SCRAM-SHA-256";

    private final MongoAccessProperties access;
    private final MongoPasswords passwords;

    public MongoAccessProvisioner(MongoAccessProperties access, MongoPasswords passwords) {
        this.access = access;
        this.passwords = passwords;
    }

    /** Connects with {@code vigil.mongodb.access.admin-uri}, provisions, disconnects. */
    public List<String> provision() {
        if (access.adminUri() == null || access.adminUri().isBlank()) {
            throw new IllegalStateException("vigil.mongodb.access.admin-uri (VIGIL_MONGO_ADMIN_URI) is not set");
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(access.adminUri()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build();
        try (MongoClient admin = MongoClients.create(settings)) {
            return provision(admin);
        }
    }

    /** One line per role and user saying what was done, e.g. {@code role vigil-nurse: created}. */
    public List<String> provision(MongoClient admin) {
        // Every password first: a missing one must stop provisioning before anything changes.
        Map<String, String> userPasswords = passwords.of(access.users().keySet());
        MongoDatabase authDatabase = admin.getDatabase(access.authDatabase());
        List<String> report = new ArrayList<>();
        access.roles().forEach((role, grants) ->
                report.add("role " + role + ": " + defineRole(authDatabase, role, MongoPrivileges.of(access.database(), grants))));
        access.users().forEach((user, role) ->
                report.add("user " + user + ": " + defineUser(authDatabase, user, userPasswords.get(user), role)));
        report.forEach(LOG::info);
        return report;
    }

    private String defineRole(MongoDatabase authDatabase, String role, List<Document> privileges) {
        List<Document> existing = authDatabase
                .runCommand(new Document("rolesInfo", role).append("showPrivileges", true))
                .getList("roles", Document.class);
        if (existing.isEmpty()) {
            authDatabase.runCommand(new Document("createRole", role)
                    .append("privileges", privileges)
                    .append("roles", List.of()));
            return "created";
        }
        Document current = existing.get(0);
        boolean samePrivileges = MongoPrivileges.normalized(current.getList("privileges", Document.class))
                .equals(MongoPrivileges.normalized(privileges));
        if (samePrivileges && current.getList("roles", Document.class, List.of()).isEmpty()) {
            return "unchanged";
        }
        // updateRole replaces the privileges and inherited roles it is given.
        authDatabase.runCommand(new Document("updateRole", role)
                .append("privileges", privileges)
                .append("roles", List.of()));
        return "privileges updated";
    }

    private String defineUser(MongoDatabase authDatabase, String user, String password, String role) {
        List<Document> roles = List.of(new Document("role", role).append("db", access.authDatabase()));
        List<Document> existing = authDatabase
                .runCommand(new Document("usersInfo", new Document("user", user).append("db", access.authDatabase())))
                .getList("users", Document.class);
        if (existing.isEmpty()) {
            authDatabase.runCommand(new Document("createUser", user)
                    .append("pwd", password)
                    .append("roles", roles)
                    .append("mechanisms", List.of(MECHANISM)));
            return "created";
        }
        authDatabase.runCommand(new Document("updateUser", user)
                .append("pwd", password)
                .append("roles", roles));
        return "password and roles updated";
    }
}
