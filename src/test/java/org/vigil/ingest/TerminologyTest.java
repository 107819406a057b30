package org.vigil.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.testsupport.Fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConceptMaps as data: the jar's, a site's added at start-up, and what a map may not do. */
class TerminologyTest {

    private static final Set<String> HEART_RATE = Set.of("8867-4");

    @Test
    void theJarShipsMapsForMdcLoincVariantsTextLabelsAndUnitSpellings() {
        assertThat(Fhir.terminology().conceptMaps()).containsSubsequence("urn:vigil:ConceptMap:loinc-variants",
                "urn:vigil:ConceptMap:mdc-vital-signs", "urn:vigil:ConceptMap:text-labels", "urn:vigil:ConceptMap:unit-spellings");
        assertThat(Fhir.terminology().ucum(new Quantity().setUnit("beats/minute"), Set.of("/min")))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("/min"));
        assertThat(Fhir.terminology().ucum(new Quantity().setSystem(Terminology.UCUM).setCode("kPa").setUnit("mmHg"), Set.of("mm[Hg]")))
                .as("the code says kPa: its display text does not make it mm[Hg]").isEmpty();
        assertThat(Fhir.terminology().ucum(new Quantity().setSystem(Terminology.UCUM).setCode("mmHg"), Set.of("mm[Hg]")))
                .as("a common misspelling of the UCUM code").hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("mm[Hg]"));
    }

    @Test
    void aCodeSystemSentByItsOidIsReadAsItsUriAndSaysSo() {
        CodeableConcept byOid = new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.6.24", "150456", "MDC_PULS_OXIM_SAT_O2"));
        assertThat(Fhir.terminology().loinc(byOid, Set.of("59408-5"))).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo("59408-5");
            assertThat(r.translations()).first().asString()
                    .isEqualTo("urn:oid:2.16.840.1.113883.6.24 read as urn:iso:std:iso:11073:10101 (NamingSystem)");
        });
        assertThat(byOid.getCodingFirstRep().getSystem()).as("the input is not changed").isEqualTo("urn:oid:2.16.840.1.113883.6.24");
        assertThat(Fhir.terminology().ucum(new Quantity().setSystem("urn:oid:2.16.840.1.113883.6.8").setCode("%"), Set.of("%")))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("%"));
    }

    @Test
    void aSiteMapAddsALocalCodeAndOnlyMapsThatMeanTheSameAreUsed(@TempDir Path site) throws Exception {
        CodeableConcept local = new CodeableConcept(new Coding("http://hospital.example/codes", "HF", null));
        assertThat(new Terminology(Fhir.CONTEXT, site.toString()).loinc(local, HEART_RATE)).isEmpty();

        Files.writeString(site.resolve("ward.json"), """
                {"resourceType": "ConceptMap", "url": "http://hospital.example/ConceptMap/ward", "status": "active",
                 "group": [{"source": "http://hospital.example/codes", "target": "http://loinc.org", "element": [
                   {"code": "HF", "target": [{"code": "8867-4", "equivalence": "equivalent"}]},
                   {"code": "HF-MAX", "target": [{"code": "8867-4", "equivalence": "narrower"}]}]}]}
                """);
        Terminology restarted = new Terminology(Fhir.CONTEXT, site.toString());
        assertThat(restarted.loinc(local, HEART_RATE)).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo("8867-4");
            assertThat(r.translations()).containsExactly("http://hospital.example/codes|HF -> 8867-4 (equivalent, http://hospital.example/ConceptMap/ward)");
        });
        assertThat(restarted.loinc(new CodeableConcept(new Coding("http://hospital.example/codes", "HF-MAX", null)), HEART_RATE))
                .as("a narrower concept is not the vital sign").isEmpty();
    }

    @Test
    void aBrokenSiteMapStopsStartUpRatherThanRunningWithoutIt(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("broken.json"), "{\"resourceType\": \"ConceptMap\", \"group\": [{\"sourc\": 1}]}");
        assertThatThrownBy(() -> new Terminology(Fhir.CONTEXT, site.toString())).hasMessageContaining("broken.json");
    }
}
