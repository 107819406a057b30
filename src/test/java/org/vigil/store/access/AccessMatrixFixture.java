package org.vigil.store.access;

import java.util.LinkedHashMap;
import java.util.Map;

import org.vigil.testsupport.ShippedConfiguration;

/** The access matrix as application.yaml declares it, and copies of it for tests. */
final class AccessMatrixFixture {

    private AccessMatrixFixture() {
    }

    /**
     * As provisioned: the matrix application.yaml declares, completed by the shipped specialties
     * ({@link AccessMatrix}), bound the way Spring Boot binds it (defaults of placeholders apply).
     */
    static MongoAccessProperties fromApplicationYaml() {
        return AccessMatrix.effective(ShippedConfiguration.bind("vigil.mongodb.access", MongoAccessProperties.class),
                ShippedConfiguration.specialties());
    }

    /**
     * The same matrix with every role and user name prefixed and another database, so a test run
     * on a real MongoDB neither meets nor changes Vigil's own roles, users and data.
     */
    static MongoAccessProperties forTestRun(MongoAccessProperties matrix, String prefix, String database) {
        Map<String, MongoAccessProperties.Role> roles = new LinkedHashMap<>();
        matrix.roles().forEach((role, grants) -> roles.put(prefix + role, grants));
        Map<String, String> users = new LinkedHashMap<>();
        matrix.users().forEach((user, role) -> users.put(prefix + user, prefix + role));
        return new MongoAccessProperties(false, matrix.adminUri(), database, matrix.authDatabase(), null, roles, users,
                prefix + matrix.writerRole());
    }

    /** The same matrix with one role's grants replaced. */
    static MongoAccessProperties withRole(MongoAccessProperties matrix, String role, MongoAccessProperties.Role grants) {
        Map<String, MongoAccessProperties.Role> roles = new LinkedHashMap<>(matrix.roles());
        roles.put(role, grants);
        return new MongoAccessProperties(false, matrix.adminUri(), matrix.database(), matrix.authDatabase(),
                matrix.secretsFile(), roles, matrix.users(), matrix.writerRole());
    }
}
