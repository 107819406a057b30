package org.vigil.store.access;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.testsupport.SecuredMongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The access matrix of application.yaml, provisioned and then used by each role's user. Runs
 * against the emulated access control by default; set {@code VIGIL_TEST_MONGODB_ADMIN_URI} to run
 * it against a real MongoDB (see {@link SecuredMongo}). Names carry a per-run prefix there.
 */
class MongoAccessMatrixTest {

    @RegisterExtension
    static final SecuredMongo mongo = new SecuredMongo();

    private static final String RUN = randomHex(3);
    private static final String PREFIX = "t" + RUN + "-";
    private static final MongoAccessProperties MATRIX =
            AccessMatrixFixture.forTestRun(AccessMatrixFixture.fromApplicationYaml(), PREFIX, "vigil_access_test_" + RUN);
    private static final List<String> COLLECTIONS = List.of(
            "cardiology", "emergency", "diabetes", "dyslipidemia", "vitals", "research", "patients_record", "alerts");
    private static final int UNAUTHORIZED = 13;
    /** The document every collection starts with (the writer's test adds others). */
    private static final Bson SEED = Filters.eq("_id", "seed");

    private static final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void provisionAndSeed() {
        System.out.println("MongoAccessMatrixTest runs against " + mongo.describe());
        MATRIX.users().keySet().forEach(user -> passwords.put(user, "pw-" + randomHex(12)));
        provisioner(MATRIX).provision(mongo.admin());
        COLLECTIONS.forEach(c -> mongo.admin().getDatabase(MATRIX.database()).getCollection(c)
                .insertOne(new Document("_id", "seed").append("collection", c)));
    }

    @AfterAll
    static void dropWhatThisRunCreated() {
        var authDatabase = mongo.admin().getDatabase(MATRIX.authDatabase());
        MATRIX.users().keySet().forEach(user -> authDatabase.runCommand(new Document("dropUser", user)));
        MATRIX.roles().keySet().forEach(role -> authDatabase.runCommand(new Document("dropRole", role)));
        mongo.admin().getDatabase(MATRIX.database()).drop();
    }

    static Stream<Arguments> readers() {
        return Stream.of(
                arguments("researcher", "research", "cardiology"),
                arguments("cardiologist", "cardiology", "diabetes"),
                arguments("cardiologist", "emergency", "research"),
                arguments("emergency-doctor", "emergency", "cardiology"),
                arguments("endocrinologist", "diabetes", "dyslipidemia"),
                arguments("lipidologist", "dyslipidemia", "diabetes"),
                arguments("nurse", "patients_record", "research"),
                arguments("nurse", "vitals", "emergency"),
                arguments("nurse", "alerts", "research"));
    }

    @ParameterizedTest(name = "{0} reads {1}, not {2}")
    @MethodSource("readers")
    void eachRoleReadsItsCollectionsAndNoOther(String user, String allowed, String refused) {
        try (MongoClient client = loggedIn(user)) {
            assertThat(collection(client, allowed).find().first()).containsEntry("collection", allowed);
            assertThat(collection(client, allowed).countDocuments(SEED)).isEqualTo(1);

            assertRefused(() -> collection(client, refused).find().first());
            assertRefused(() -> collection(client, refused).countDocuments(SEED));
            assertRefused(() -> collection(client, allowed).insertOne(new Document("reader", "wrote")));
        }
    }

    @Test
    void theWriterUpsertsIntoEveryCollectionButCannotDeleteOrReadElsewhere() {
        try (MongoClient client = loggedIn("writer")) {
            for (String c : COLLECTIONS) {
                collection(client, c).updateOne(Filters.eq("_id", "record-1"), Updates.set("written", true),
                        new UpdateOptions().upsert(true));
                collection(client, c).insertOne(new Document("_id", "record-2"));
                assertThat(collection(client, c).find(Filters.eq("_id", "record-1")).first()).containsEntry("written", true);
            }
            assertRefused(() -> collection(client, "patients_record").deleteOne(Filters.eq("_id", "record-1")));
            assertRefused(() -> collection(client, "not_in_the_matrix").find().first());
        }
    }

    @Test
    void theWriterAppendsToTheAuditTrailsButCannotChangeWhatIsThere() {
        try (MongoClient client = loggedIn("writer")) {
            for (String trail : List.of("vigil_audit", "alert_audit")) {
                collection(client, trail).insertOne(new Document("_id", "entry-1").append("who", "nurse"));
                assertThat(collection(client, trail).find(Filters.eq("_id", "entry-1")).first()).containsEntry("who", "nurse");
                assertRefused(() -> collection(client, trail).updateOne(Filters.eq("_id", "entry-1"), Updates.set("who", "someone else")));
                assertRefused(() -> collection(client, trail).replaceOne(Filters.eq("_id", "entry-1"), new Document("who", "someone else")));
                assertRefused(() -> collection(client, trail).updateOne(Filters.eq("_id", "entry-2"), Updates.set("who", "x"),
                        new UpdateOptions().upsert(true)));
                assertRefused(() -> collection(client, trail).deleteOne(Filters.eq("_id", "entry-1")));
                assertThat(collection(client, trail).find(Filters.eq("_id", "entry-1")).first()).containsEntry("who", "nurse");
            }
        }
    }

    @Test
    void provisioningAgainChangesNoRoleAndKeepsEveryLogin() {
        List<Document> rolesBefore = rolesWithPrivileges();

        List<String> second = provisioner(MATRIX).provision(mongo.admin());
        List<String> third = provisioner(MATRIX).provision(mongo.admin());

        MATRIX.roles().keySet().forEach(role -> assertThat(second).contains("role " + role + ": unchanged"));
        assertThat(third).isEqualTo(second);
        assertThat(rolesWithPrivileges()).isEqualTo(rolesBefore);
        try (MongoClient client = loggedIn("nurse")) {
            assertThat(collection(client, "vitals").countDocuments(SEED)).isEqualTo(1);
        }
    }

    @Test
    void aChangedMatrixUpdatesTheRoleInPlace() {
        String nurse = PREFIX + "vigil-nurse";
        MongoAccessProperties.Role original = MATRIX.roles().get(nurse);
        MongoAccessProperties wider = AccessMatrixFixture.withRole(MATRIX, nurse,
                new MongoAccessProperties.Role(List.of("patients_record", "vitals", "research"), List.of(), List.of()));
        try {
            assertThat(provisioner(wider).provision(mongo.admin())).contains("role " + nurse + ": privileges updated");
            try (MongoClient client = loggedIn("nurse")) {
                assertThat(collection(client, "research").countDocuments(SEED)).isEqualTo(1);
            }
        } finally {
            assertThat(provisioner(MATRIX).provision(mongo.admin())).contains("role " + nurse + ": privileges updated");
        }
        assertThat(MATRIX.roles().get(nurse)).isEqualTo(original);
        try (MongoClient client = loggedIn("nurse")) {
            assertRefused(() -> collection(client, "research").countDocuments(SEED));
        }
    }

    @Test
    void aNewPasswordTakesEffectAndTheOldOneStopsWorking() {
        String user = PREFIX + "researcher";
        String old = passwords.get(user);
        passwords.put(user, old + "-changed");
        try {
            assertThat(provisioner(MATRIX).provision(mongo.admin())).contains("user " + user + ": password and roles updated");
            try (MongoClient client = loggedIn("researcher")) {
                assertThat(collection(client, "research").countDocuments(SEED)).isEqualTo(1);
            }
            try (MongoClient client = mongo.loggedInAs(user, MATRIX.authDatabase(), old)) {
                assertThatThrownBy(() -> collection(client, "research").countDocuments())
                        .isInstanceOf(MongoSecurityException.class);
            }
        } finally {
            passwords.put(user, old);
            provisioner(MATRIX).provision(mongo.admin());
        }
    }

    @Test
    void aWrongPasswordDoesNotLogIn() {
        try (MongoClient client = mongo.loggedInAs(PREFIX + "nurse", MATRIX.authDatabase(), "not-the-password")) {
            assertThatThrownBy(() -> collection(client, "vitals").find().first())
                    .isInstanceOf(MongoSecurityException.class)
                    .hasRootCauseInstanceOf(MongoServerException.class)
                    .rootCause().satisfies(cause -> assertThat(((MongoServerException) cause).getCode()).isEqualTo(18));
        }
    }

    @Test
    void aConnectionThatDidNotLogInReadsNothing() {
        try (MongoClient client = mongo.anonymous()) {
            assertThat(client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
            assertThatThrownBy(() -> collection(client, "vitals").find().first())
                    .isInstanceOf(MongoServerException.class)
                    .hasMessageContaining("requires authentication")
                    .satisfies(e -> assertThat(((MongoServerException) e).getCode()).isEqualTo(UNAUTHORIZED));
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static MongoAccessProvisioner provisioner(MongoAccessProperties matrix) {
        return new MongoAccessProvisioner(matrix, new MongoPasswords(variable -> matrix.users().keySet().stream()
                .filter(user -> MongoPasswords.variableFor(user).equals(variable))
                .findFirst().map(passwords::get).orElse(null), null));
    }

    private static MongoClient loggedIn(String user) {
        return mongo.loggedInAs(PREFIX + user, MATRIX.authDatabase(), passwords.get(PREFIX + user));
    }

    private static MongoCollection<Document> collection(MongoClient client, String name) {
        return client.getDatabase(MATRIX.database()).getCollection(name);
    }

    private static List<Document> rolesWithPrivileges() {
        return mongo.admin().getDatabase(MATRIX.authDatabase())
                .runCommand(new Document("rolesInfo", List.copyOf(MATRIX.roles().keySet())).append("showPrivileges", true))
                .getList("roles", Document.class);
    }

    /** Refused as MongoDB refuses a logged-in user: code 13, Unauthorized. */
    private static void assertRefused(Runnable operation) {
        assertThatThrownBy(operation::run)
                .isInstanceOf(MongoServerException.class)
                .hasMessageContaining("not authorized on " + MATRIX.database() + " to execute command")
                .satisfies(e -> assertThat(((MongoServerException) e).getCode()).isEqualTo(UNAUTHORIZED));
    }
}
