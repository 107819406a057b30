package org.vigil.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's packages follow the data, one way: {@code record} ← {@code ingest} / {@code clinical}
 * / {@code risk} ← {@code event} (the typed events between stages) ← {@code routing} ← {@code store} /
 * {@code alert} / {@code deadletter} ← {@code web}: the stores and alerts read the events, not the router; settings and
 * names ({@code config}, {@code contract}) below them all; the live configuration ({@code reload}: routes,
 * terminology and alert rules swapped in while running) beside the alerts, below web; infrastructure that implements a domain
 * seam ({@code state}) beside the top. No arrow back, no cycle, no database or Kafka driver in the
 * domain packages.
 */
class PackageDependenciesTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vigil");

    @Test
    void dependenciesPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("contract").definedBy("org.vigil.contract..")
                .layer("record").definedBy("org.vigil.record..")
                .layer("config").definedBy("org.vigil.config..")
                .layer("ingest").definedBy("org.vigil.ingest..")
                .layer("clinical").definedBy("org.vigil.clinical..")
                .layer("risk").definedBy("org.vigil.risk..")
                .layer("event").definedBy("org.vigil.event..")
                .layer("routing").definedBy("org.vigil.routing..")
                .layer("store").definedBy("org.vigil.store..")
                .layer("alert").definedBy("org.vigil.alert..")
                .layer("deadletter").definedBy("org.vigil.deadletter..")
                .layer("monitor").definedBy("org.vigil.monitor..")
                .layer("state").definedBy("org.vigil.state..")
                .layer("security").definedBy("org.vigil.security..")
                .layer("reload").definedBy("org.vigil.reload..")
                .layer("web").definedBy("org.vigil.web..")
                .whereLayer("contract").mayNotAccessAnyLayer()
                .whereLayer("record").mayNotAccessAnyLayer()
                .whereLayer("config").mayOnlyAccessLayers("contract")
                .whereLayer("ingest").mayOnlyAccessLayers("record", "contract", "config")
                .whereLayer("clinical").mayOnlyAccessLayers("record", "contract", "config")
                .whereLayer("risk").mayOnlyAccessLayers("record", "contract", "config")
                .whereLayer("event").mayOnlyAccessLayers("record", "contract", "clinical", "risk")
                .whereLayer("routing").mayOnlyAccessLayers("record", "contract", "config", "ingest", "clinical", "risk", "event")
                .whereLayer("store").mayOnlyAccessLayers("record", "contract", "config", "event")
                .whereLayer("alert").mayOnlyAccessLayers("record", "contract", "config", "clinical", "risk", "event")
                .whereLayer("deadletter").mayOnlyAccessLayers("record", "contract", "config", "ingest", "routing", "store")
                .whereLayer("monitor").mayOnlyAccessLayers("contract", "config", "store")
                .whereLayer("security").mayOnlyAccessLayers("contract", "config")
                .whereLayer("reload").mayOnlyAccessLayers("contract", "config", "ingest", "alert", "security")
                .whereLayer("state").mayOnlyAccessLayers("record", "contract", "config", "ingest", "clinical", "event", "alert", "security")
                .check(ENGINE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.vigil.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void theDomainPackagesUseNoDatabaseOrKafkaDriver() {
        noClasses().that().resideInAnyPackage("org.vigil.record..", "org.vigil.ingest..", "org.vigil.clinical..",
                        "org.vigil.risk..", "org.vigil.routing..", "org.vigil.alert..")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..", "co.elastic..", "org.apache.kafka..")
                .because("drivers, state stores and topic administration are infrastructure (org.vigil.state, org.vigil.config)")
                .check(ENGINE);
    }

    @Test
    void theToolsAreNotInTheEngine() {
        noClasses().should().resideInAnyPackage("org.vigil.simulator..", "org.vigil.provisioning..", "org.vigil.trainer..")
                .orShould().haveFullyQualifiedName("org.vigil.store.access.MongoAccessCommand")
                .check(new ClassFileImporter().importPath(java.nio.file.Path.of("target/classes")));
    }
}
