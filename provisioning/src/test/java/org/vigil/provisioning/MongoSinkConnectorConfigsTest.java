package org.vigil.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.config.Specialties;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed Connect sink configurations are what the generator writes from the shipped
 * specialties, so a specialty added to application.yaml cannot be forgotten by the sinks. After
 * changing the specialties, regenerate them with
 * {@code ./mvnw test -Dtest=MongoSinkConnectorConfigsTest -Dvigil.write-connect-configs=true}
 * (or {@code ./vigil provision-mongo --write-connect-configs connectors}).
 */
class MongoSinkConnectorConfigsTest {

    private static final Path COMMITTED = Path.of(MongoSinkConnectorConfigs.COMMITTED_DIRECTORY);

    private final Specialties specialties = ShippedConfiguration.specialties();
    private final MongoSinkConnectorConfigs configs = new MongoSinkConnectorConfigs(ShippedConfiguration.vigil(), specialties);

    @Test
    void theCommittedConfigurationsAreWhatTheSpecialtiesGenerate() throws Exception {
        if (Boolean.getBoolean("vigil.write-connect-configs")) {
            configs.writeTo(COMMITTED);
        }
        for (Map.Entry<String, String> file : configs.render().entrySet()) {
            assertThat(Files.readString(COMMITTED.resolve(file.getKey())))
                    .as("%s is out of date: regenerate it (see this test's comment)", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void everySpecialtyTopicIsSunkToItsCollection() {
        String sink = configs.render().get("mongodb-sink-specialties.json");
        for (Specialties.Specialty specialty : specialties.all()) {
            assertThat(sink).contains("\"topic.override." + specialty.topic() + ".collection\": \"" + specialty.collection() + "\"");
        }
        assertThat(sink).contains("\"topics\": \"" + String.join(",", specialties.topics()) + "\"");
    }
}
