package org.vigil.store.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoPasswordsTest {

    @Test
    void variableNamesAreTheUserNameInUpperCase() {
        assertThat(MongoPasswords.variableFor("nurse")).isEqualTo("VIGIL_MONGO_PASSWORD_NURSE");
        assertThat(MongoPasswords.variableFor("emergency-doctor")).isEqualTo("VIGIL_MONGO_PASSWORD_EMERGENCY_DOCTOR");
    }

    @Test
    void theEnvironmentComesBeforeTheSecretsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "nurse=from-file\nwriter=w=ith equals\n");
        MongoPasswords passwords = new MongoPasswords(Map.of("VIGIL_MONGO_PASSWORD_NURSE", "from-env")::get, file.toString());

        assertThat(passwords.of(List.of("nurse", "writer"))).containsEntry("nurse", "from-env").containsEntry("writer", "w=ith equals");
    }

    @Test
    void aFolderHoldsOneFilePerUserWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("nurse"), " spaced secret \n");

        assertThat(new MongoPasswords(name -> null, dir.toString()).of(List.of("nurse"))).containsEntry("nurse", " spaced secret ");
    }

    @Test
    void missingPasswordsAreOneErrorNamingEveryVariable() {
        MongoPasswords passwords = new MongoPasswords(Map.of("VIGIL_MONGO_PASSWORD_NURSE", "set")::get, "");

        assertThatThrownBy(() -> passwords.of(List.of("nurse", "writer", "emergency-doctor")))
                .isInstanceOf(MongoPasswords.MissingPasswordException.class)
                .hasMessageContaining("writer (VIGIL_MONGO_PASSWORD_WRITER), emergency-doctor (VIGIL_MONGO_PASSWORD_EMERGENCY_DOCTOR)")
                .hasMessageContaining("VIGIL_MONGO_SECRETS_FILE")
                .hasMessageNotContaining("nurse (");
    }

    @Test
    void anEmptyValueIsNoPassword() {
        assertThatThrownBy(() -> new MongoPasswords(Map.of("VIGIL_MONGO_PASSWORD_NURSE", "")::get, null).of(List.of("nurse")))
                .isInstanceOf(MongoPasswords.MissingPasswordException.class);
    }

    @Test
    void aSecretsFileThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> new MongoPasswords(name -> null, "/no/such/secrets").of(List.of("nurse")))
                .hasMessageContaining("/no/such/secrets");
    }
}
