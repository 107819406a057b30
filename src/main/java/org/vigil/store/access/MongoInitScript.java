package org.vigil.store.access;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the access matrix as a mongosh script for the mongo image's
 * {@code /docker-entrypoint-initdb.d/}: the same roles and users the provisioner defines, with each
 * password read from the container's environment when the script runs, never written into it.
 */
public class MongoInitScript {

    /** Where the script is committed, relative to the project folder. */
    public static final String COMMITTED_PATH = "mongo-init/mongo-init.js";

    private static final String HEADER = """
            // Generated from vigil.mongodb.access in src/main/resources/application.yaml: do not edit.
            // Regenerate with: ./vigil provision-mongo --write-init-script %s
            //
            // The mongo image runs this once, as MONGO_INITDB_ROOT_USERNAME, when its data folder is
            // empty. Passwords come from the container's environment (see docker-compose.yml).
            const authDb = db.getSiblingDB(%s);

            function password(variable) {
              const value = process.env[variable];
              if (!value) {
                throw new Error(variable + ' is not set: refusing to create a MongoDB user without a password');
              }
              return value;
            }

            function defineRole(role, privileges) {
              if (authDb.getRole(role)) {
                authDb.updateRole(role, { privileges: privileges, roles: [] });
              } else {
                authDb.createRole({ role: role, privileges: privileges, roles: [] });
              }
            }

            function defineUser(user, variable, role) {
              const roles = [{ role: role, db: authDb.getName() }];
              if (authDb.getUser(user)) {
                authDb.updateUser(user, { pwd: password(variable), roles: roles });
              } else {
                authDb.createUser({ user: user, pwd: password(variable), roles: roles, mechanisms: ['SCRAM-SHA-256'] });
              }
            }

            """;

    // JSON is valid JavaScript: Jackson quotes names and writes privilege documents safely.
    private final ObjectMapper json = new ObjectMapper();
    private final MongoAccessProperties access;

    public MongoInitScript(MongoAccessProperties access) {
        this.access = access;
    }

    public String render() {
        StringBuilder script = new StringBuilder(HEADER.formatted(COMMITTED_PATH, literal(access.authDatabase())));
        script.append("// Every password first: a missing one stops the script before anything is defined.\n")
                .append(literal(passwordVariables())).append(".forEach(password);\n\n");
        access.roles().forEach((role, grants) -> script
                .append("defineRole(").append(literal(role)).append(", ")
                .append(privileges(MongoPrivileges.of(access.database(), grants))).append(");\n"));
        script.append('\n');
        access.users().forEach((user, role) -> script
                .append("defineUser(").append(literal(user)).append(", ")
                .append(literal(MongoPasswords.variableFor(user))).append(", ")
                .append(literal(role)).append(");\n"));
        return script.toString();
    }

    /** The environment variables the script needs, for docker-compose.yml. */
    public List<String> passwordVariables() {
        return access.users().keySet().stream().map(MongoPasswords::variableFor).toList();
    }

    /** One privilege a line, so a change to the matrix shows as a small diff of the script. */
    private String privileges(List<?> privileges) {
        return privileges.stream().map(this::literal).collect(Collectors.joining(",\n  ", "[\n  ", "\n]"));
    }

    private String literal(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
