package org.vigil.store;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.DynamicTemplate;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.Property.Kind;
import co.elastic.clients.elasticsearch._types.mapping.PropertyBase;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.util.NamedValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.vigil.alert.AlertRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.News2;
import org.vigil.config.VigilProperties;
import org.vigil.record.ClinicalRecord;
import org.vigil.risk.RiskScore;
import org.vigil.event.Trigger;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kibana content in {@code kibana/} (saved objects for {@code POST /api/saved_objects/_import},
 * alerting rules for {@code POST /api/alerting/rule/<id>}) against what Vigil really indexes and
 * decides: the index template's mapping ({@link ElasticsearchIndexTemplates#mappings()}), its index
 * patterns, the anomaly kinds ({@link Trigger#ANOMALIES}), the clinical thresholds of
 * application.yaml and Vigil's own alert rules (alerts/alert-rules.yaml). Kibana does not run here;
 * this is what stands for it. Each test collects every problem it finds, named by
 * object and field, and fails with the list.
 */
class KibanaSavedObjectsTest {

    private static final Path SAVED_OBJECTS = Path.of("kibana/saved-objects.ndjson");
    private static final Path RULES = Path.of("kibana/rules");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * For the fields the template leaves to dynamic mapping: what a classified document holds beyond
     * its record's own fields (SpecialtyProjections.classified), where the template does not map it
     * field by field (NEWS2's per-parameter scores, ...).
     */
    private static final Map<String, Type> CLASSIFICATION = Map.of("news2", News2.Score.class, "risk", RiskScore.class);

    /** Lens's pseudo-field of count(): the documents, not a field. */
    private static final String RECORDS = "___records___";
    private static final int DASHBOARD_COLUMNS = 48;

    private static final Set<Kind> NUMERIC = Set.of(Kind.Byte, Kind.Short, Kind.Integer, Kind.Long, Kind.UnsignedLong,
            Kind.HalfFloat, Kind.Float, Kind.Double, Kind.ScaledFloat);
    private static final Set<Kind> DATE = Set.of(Kind.Date, Kind.DateNanos);
    private static final Set<Kind> KEYWORD = Set.of(Kind.Keyword, Kind.ConstantKeyword);
    private static final Set<Kind> EXACT = union(KEYWORD, Set.of(Kind.Boolean, Kind.Ip), NUMERIC);
    private static final Set<Kind> AGGREGATABLE = union(EXACT, DATE);

    /** What each Lens operation with a field can aggregate (Lens's own rules, for the types Vigil maps). */
    private static final Map<String, Set<Kind>> LENS_FIELD_OPERATIONS = Map.ofEntries(
            Map.entry("date_histogram", DATE),
            Map.entry("terms", EXACT),
            Map.entry("range", NUMERIC), // Lens's histogram ("Intervals")
            Map.entry("average", NUMERIC), Map.entry("sum", NUMERIC), Map.entry("median", NUMERIC),
            Map.entry("percentile", NUMERIC), Map.entry("percentile_rank", NUMERIC),
            Map.entry("standard_deviation", NUMERIC),
            Map.entry("min", union(NUMERIC, DATE)), Map.entry("max", union(NUMERIC, DATE)),
            Map.entry("unique_count", AGGREGATABLE), Map.entry("last_value", AGGREGATABLE),
            Map.entry("count", AGGREGATABLE));
    /** Lens operations that name no field: they compute from other columns or are constants. */
    private static final Set<String> LENS_FIELDLESS_OPERATIONS = Set.of("formula", "math", "static_value", "time_range");
    /** Where a Lens visualization names columns and layers. */
    private static final Set<String> ACCESSOR_KEYS = Set.of("xAccessor", "splitAccessor", "accessors", "forAccessor",
            "metricAccessor", "secondaryMetricAccessor", "maxAccessor", "breakdownByAccessor", "primaryGroups",
            "secondaryGroups", "metrics", "columnId");

    /** Query DSL clauses whose keys are field names, and the types each fits. */
    private static final Map<String, Set<Kind>> DSL_FIELD_CLAUSES = Map.of(
            "term", union(EXACT, DATE), "terms", union(EXACT, DATE), "range", union(NUMERIC, DATE),
            "prefix", KEYWORD, "wildcard", KEYWORD, "match", allKinds(), "match_phrase", allKinds());

    /** What POST /api/alerting/rule/<id> accepts, and what PUT accepts of it. */
    private static final Set<String> RULE_CREATE_FIELDS = Set.of("name", "rule_type_id", "consumer", "enabled", "schedule",
            "params", "actions", "tags", "notify_when", "throttle", "alert_delay", "flapping", "artifacts");
    private static final Set<String> RULE_UPDATE_FIELDS = Set.of("name", "schedule", "params", "actions", "tags",
            "notify_when", "throttle", "alert_delay", "flapping", "artifacts");
    /** The lines load.sh deletes with sed: the id for the create call, these four for the update. */
    private static final List<String> LINES_LOAD_SH_STRIPS = List.of("id", "rule_type_id", "consumer", "enabled");
    private static final Pattern RULE_ID_LINE = Pattern.compile("^  \"id\": \"([0-9a-f-]*)\",$");
    private static final Pattern UUID_V1_OR_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[14][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private static final Pattern KQL_TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|<=|>=|[():<>]|[^\\s():<>\"]+");
    private static final Set<String> KQL_OPERATORS = Set.of(":", "<", ">", "<=", ">=");
    private static final Set<String> KQL_WORDS = Set.of("and", "or", "not");

    private static TypeMapping mapping;
    private static List<String> indexPatterns;
    private static List<JsonNode> objects;
    private static Map<String, JsonNode> rules;

    @BeforeAll
    static void read() throws IOException {
        mapping = ElasticsearchIndexTemplates.mappings();
        // As the template builds them (ElasticsearchIndexTemplates), from the shipped settings.
        VigilProperties.Elasticsearch settings = ShippedConfiguration.vigil().elasticsearch();
        indexPatterns = new ArrayList<>(List.of(settings.observations() + "*", settings.anomalies() + "*"));
        new StoreTargets(ShippedConfiguration.vigil(), ShippedConfiguration.specialties()).specialtyIndices()
                .forEach(index -> indexPatterns.add(index + "*"));

        // Lines that are not JSON objects are left to everyLineIsASavedObjectAsKibanaExportsIt to report.
        objects = new ArrayList<>();
        for (String line : Files.readAllLines(SAVED_OBJECTS)) {
            try {
                JsonNode object = JSON.readTree(line);
                if (object != null && object.isObject()) {
                    objects.add(object);
                }
            } catch (JsonProcessingException e) {
                // reported there
            }
        }
        rules = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                rules.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
    }

    // --- saved objects --------------------------------------------------------------------------

    @Test
    void everyLineIsASavedObjectAsKibanaExportsIt() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(SAVED_OBJECTS);
        for (int i = 0; i < lines.size(); i++) {
            String where = SAVED_OBJECTS + " line " + (i + 1);
            JsonNode object;
            try {
                object = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                problems.add(where + ": not JSON: " + e.getOriginalMessage());
                continue;
            }
            if (object == null || !object.isObject()) {
                problems.add(where + ": not a JSON object");
                continue;
            }
            for (String field : List.of("type", "id", "coreMigrationVersion", "typeMigrationVersion")) {
                if (!object.path(field).isTextual() || object.path(field).asText().isBlank()) {
                    problems.add(where + " (" + object.path("id").asText() + "): no " + field);
                }
            }
            if (!object.path("attributes").isObject()) {
                problems.add(where + " (" + object.path("id").asText() + "): no attributes object");
            }
            if (!object.path("references").isArray()) {
                problems.add(where + " (" + object.path("id").asText() + "): no references array");
            }
            if (!object.path("managed").isBoolean() || object.path("managed").asBoolean()) {
                problems.add(where + " (" + object.path("id").asText() + "): managed must be false");
            }
        }
        assertThat(lines).as(SAVED_OBJECTS + " has saved objects").isNotEmpty();
        assertThat(problems).as("saved objects that Kibana's import would not read").isEmpty();
    }

    @Test
    void idsAreUnique() {
        Map<String, Long> counts = objects.stream()
                .collect(Collectors.groupingBy(o -> o.path("id").asText(), LinkedHashMap::new, Collectors.counting()));
        counts.values().removeIf(count -> count == 1);
        assertThat(counts).as("ids used by more than one saved object").isEmpty();
    }

    @Test
    void everyReferenceNamesAnObjectOfTheFile() {
        Set<String> present = objects.stream().map(o -> key(o.path("type").asText(), o.path("id").asText()))
                .collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            for (JsonNode reference : object.path("references")) {
                String target = key(reference.path("type").asText(), reference.path("id").asText());
                if (!present.contains(target)) {
                    problems.add(describe(object) + " reference '" + reference.path("name").asText() + "' names "
                            + target + ", which the file does not have");
                }
            }
        }
        assertThat(problems).as("dangling references").isEmpty();
    }

    @Test
    void theDataViewsAreTheIndicesVigilWritesWithItsTimeField() {
        List<JsonNode> dataViews = ofType("index-pattern");
        List<String> problems = new ArrayList<>();
        for (JsonNode dataView : dataViews) {
            JsonNode attributes = dataView.path("attributes");
            String title = attributes.path("title").asText();
            if (!indexPatterns.contains(title)) {
                problems.add(describe(dataView) + " title '" + title + "' is none of the template's index patterns "
                        + indexPatterns);
            }
            String timeField = attributes.path("timeFieldName").asText();
            checkField(problems, describe(dataView) + " timeFieldName", timeField, DATE, "a time field");
            for (String json : List.of("fieldAttrs", "fieldFormatMap")) {
                JsonNode fields = parseEmbedded(problems, dataView, json, attributes.path(json));
                fields.fieldNames().forEachRemaining(field ->
                        checkField(problems, describe(dataView) + " " + json, field, allKinds(), "formatting"));
            }
        }
        Set<String> titles = dataViews.stream().map(d -> d.path("attributes").path("title").asText()).collect(Collectors.toSet());
        assertThat(titles).as("data views of the observations and anomalies indices")
                .contains(indexPatterns.get(0), indexPatterns.get(1));
        assertThat(problems).as("data views that do not fit Vigil's indices").isEmpty();
    }

    // --- Lens -----------------------------------------------------------------------------------

    @Test
    void everyFieldALensNamesIsMappedWithATypeThatFitsItsOperation() {
        List<String> problems = new ArrayList<>();
        for (JsonNode lens : ofType("lens")) {
            JsonNode state = lens.path("attributes").path("state");
            layers(lens).forEach((layerId, layer) -> layer.path("columns").properties().forEach(entry -> {
                String where = describe(lens) + " layer '" + layerId + "' column '" + entry.getKey() + "'";
                checkColumn(problems, where, entry.getValue());
            }));
            checkKql(problems, describe(lens) + " query", state.path("query"));
            for (JsonNode filter : state.path("filters")) {
                checkField(problems, describe(lens) + " filter", filter.path("meta").path("key").asText(), allKinds(),
                        "a filter");
            }
        }
        assertThat(ofType("lens")).as("Lens visualizations").isNotEmpty();
        assertThat(problems).as("Lens fields the template does not map as their operation needs").isEmpty();
    }

    private static void checkColumn(List<String> problems, String where, JsonNode column) {
        String operation = column.path("operationType").asText();
        String field = column.path("sourceField").asText(null);
        if (LENS_FIELDLESS_OPERATIONS.contains(operation)) {
            if (field != null) {
                problems.add(where + " (" + operation + ") names a field, '" + field + "'; it should name none");
            }
        } else if (!LENS_FIELD_OPERATIONS.containsKey(operation)) {
            problems.add(where + ": operation '" + operation + "' is not known to this test; add what it may aggregate");
        } else if (field == null) {
            problems.add(where + " (" + operation + ") names no sourceField");
        } else if (!(operation.equals("count") && field.equals(RECORDS))) {
            checkField(problems, where + " (" + operation + ")", field, LENS_FIELD_OPERATIONS.get(operation), operation);
        }
        if (operation.equals("last_value")) {
            checkField(problems, where + " (last_value) sortField", column.path("params").path("sortField").asText(),
                    DATE, "sorting by time");
        }
        checkKql(problems, where + " filter", column.path("filter"));
    }

    @Test
    void everyLensLayerHasItsDataViewAndEveryAccessorItsColumn() {
        Set<String> dataViews = ofType("index-pattern").stream().map(d -> d.path("id").asText()).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (JsonNode lens : ofType("lens")) {
            Map<String, JsonNode> layers = layers(lens);
            Set<String> columns = new HashSet<>();
            layers.forEach((layerId, layer) -> {
                String where = describe(lens) + " layer '" + layerId + "'";
                Set<String> own = fieldNames(layer.path("columns"));
                columns.addAll(own);
                Set<String> order = new HashSet<>();
                layer.path("columnOrder").forEach(c -> order.add(c.asText()));
                if (!order.equals(own)) {
                    problems.add(where + " columnOrder " + order + " is not its columns " + own);
                }
                layer.path("columns").properties().forEach(column -> {
                    column.getValue().path("references").forEach(r -> {
                        if (!own.contains(r.asText())) {
                            problems.add(where + " column '" + column.getKey() + "' refers to '" + r.asText()
                                    + "', no column of the layer");
                        }
                    });
                    JsonNode orderBy = column.getValue().path("params").path("orderBy");
                    if (orderBy.path("type").asText().equals("column") && !own.contains(orderBy.path("columnId").asText())) {
                        problems.add(where + " column '" + column.getKey() + "' is ordered by '"
                                + orderBy.path("columnId").asText() + "', no column of the layer");
                    }
                });
                List<JsonNode> dataView = new ArrayList<>();
                lens.path("references").forEach(r -> {
                    if (r.path("name").asText().equals("indexpattern-datasource-layer-" + layerId)) {
                        dataView.add(r);
                    }
                });
                if (dataView.size() != 1 || !dataView.get(0).path("type").asText().equals("index-pattern")
                        || !dataViews.contains(dataView.get(0).path("id").asText())) {
                    problems.add(where + " needs one reference 'indexpattern-datasource-layer-" + layerId
                            + "' to a data view of the file " + dataViews + ", has " + dataView);
                }
            });
            walk(lens.path("attributes").path("state").path("visualization"), (key, value) -> {
                if (key.equals("layerId") && !layers.containsKey(value)) {
                    problems.add(describe(lens) + " visualization names layer '" + value + "', which it does not have");
                } else if (ACCESSOR_KEYS.contains(key) && !columns.contains(value)) {
                    problems.add(describe(lens) + " visualization " + key + " names column '" + value
                            + "', which no layer has");
                }
            });
        }
        assertThat(problems).as("Lens layers and accessors that do not fit together").isEmpty();
    }

    @Test
    void thePressureReferenceLinesAreVigilsClinicalThresholds() {
        ClinicalThresholds shipped = ShippedConfiguration.bind("vigil.clinical", ClinicalThresholds.class);
        Map<String, Set<Double>> thresholds = Map.of(
                "vitals.systolicMmHg", new TreeSet<>(List.of(shipped.hypotensionSystolic(), shipped.hypertensionSystolic(),
                        shipped.crisisSystolic())),
                "vitals.diastolicMmHg", new TreeSet<>(List.of(shipped.hypotensionDiastolic(),
                        shipped.hypertensionDiastolic(), shipped.crisisDiastolic())));
        List<String> problems = new ArrayList<>();
        Set<String> charted = new HashSet<>();
        for (JsonNode lens : ofType("lens")) {
            Set<String> histogramFields = new HashSet<>();
            Set<Double> lines = new TreeSet<>();
            layers(lens).values().forEach(layer -> layer.path("columns").forEach(column -> {
                if (column.path("operationType").asText().equals("range")) {
                    histogramFields.add(column.path("sourceField").asText());
                } else if (column.path("operationType").asText().equals("static_value")) {
                    lines.add(Double.parseDouble(column.path("params").path("value").asText()));
                }
            }));
            histogramFields.retainAll(thresholds.keySet());
            for (String field : histogramFields) {
                charted.add(field);
                if (!lines.equals(thresholds.get(field))) {
                    problems.add(describe(lens) + " draws reference lines at " + lines + " on " + field
                            + "; vigil.clinical in application.yaml has " + thresholds.get(field));
                }
            }
        }
        assertThat(charted).as("pressure histograms").containsExactlyInAnyOrderElementsOf(thresholds.keySet());
        assertThat(problems).as("reference lines that are not Vigil's thresholds").isEmpty();
    }

    // --- dashboard ------------------------------------------------------------------------------

    @Test
    void theOverviewDashboardShowsEveryLensOnTheGrid() {
        List<JsonNode> dashboards = ofType("dashboard");
        assertThat(dashboards.stream().map(d -> d.path("attributes").path("title").asText()))
                .as("dashboard titles").contains("Vigil overview");
        List<String> problems = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (JsonNode dashboard : dashboards) {
            JsonNode panels = parseEmbedded(problems, dashboard, "panelsJSON", dashboard.path("attributes").path("panelsJSON"));
            parseEmbedded(problems, dashboard, "optionsJSON", dashboard.path("attributes").path("optionsJSON"));
            parseEmbedded(problems, dashboard, "kibanaSavedObjectMeta.searchSourceJSON",
                    dashboard.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON"));
            List<JsonNode> grid = new ArrayList<>();
            for (JsonNode panel : panels) {
                String where = describe(dashboard) + " panel '" + panel.path("panelIndex").asText() + "'";
                String reference = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
                List<JsonNode> named = new ArrayList<>();
                dashboard.path("references").forEach(r -> {
                    if (r.path("name").asText().equals(reference)) {
                        named.add(r);
                    }
                });
                if (named.size() != 1 || !named.get(0).path("type").asText().equals(panel.path("type").asText())) {
                    problems.add(where + " needs one reference '" + reference + "' of type " + panel.path("type")
                            + ", has " + named);
                } else if (named.get(0).path("type").asText().equals("lens")) {
                    shown.add(named.get(0).path("id").asText());
                }
                JsonNode cell = panel.path("gridData");
                if (cell.path("x").asInt(-1) < 0 || cell.path("w").asInt() <= 0 || cell.path("h").asInt() <= 0
                        || cell.path("x").asInt() + cell.path("w").asInt() > DASHBOARD_COLUMNS) {
                    problems.add(where + " gridData " + cell + " is off the " + DASHBOARD_COLUMNS + "-column grid");
                }
                for (JsonNode other : grid) {
                    if (overlap(cell, other)) {
                        problems.add(where + " overlaps panel '" + other.path("i").asText() + "'");
                    }
                }
                grid.add(cell);
            }
        }
        Set<String> lenses = ofType("lens").stream().map(l -> l.path("id").asText()).collect(Collectors.toSet());
        assertThat(problems).as("dashboard panels").isEmpty();
        assertThat(shown).as("the Lens visualizations the dashboards show").containsExactlyInAnyOrderElementsOf(lenses);
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }

    // --- alerting rules -------------------------------------------------------------------------

    @Test
    void everyRuleIsAnEnabledEsQueryOnVigilsIndicesAndFields() throws IOException {
        assertThat(rules).as("rules in " + RULES).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : rules.entrySet()) {
            String where = "rule " + entry.getKey();
            JsonNode rule = entry.getValue();
            JsonNode params = rule.path("params");
            expect(problems, where, "rule_type_id", rule.path("rule_type_id").asText(), ".es-query");
            expect(problems, where, "consumer", rule.path("consumer").asText(), "stackAlerts");
            expect(problems, where, "enabled", rule.path("enabled").asText(), "true");
            expect(problems, where, "params.searchType", params.path("searchType").asText(), "esQuery");
            if (!rule.path("actions").isArray() || !rule.path("actions").isEmpty()) {
                problems.add(where + " actions: " + rule.path("actions") + ", expected [] (no connector)");
            }
            if (!rule.path("schedule").path("interval").isTextual() || rule.path("name").asText().isBlank()) {
                problems.add(where + " needs a name and a schedule.interval");
            }
            if (!params.path("index").isArray() || params.path("index").isEmpty()) {
                problems.add(where + " params.index: no index pattern");
            }
            params.path("index").forEach(index -> {
                if (!indexPatterns.contains(index.asText())) {
                    problems.add(where + " params.index '" + index.asText() + "' is none of the template's index patterns "
                            + indexPatterns);
                }
            });
            checkField(problems, where + " params.timeField", params.path("timeField").asText(), DATE, "the time window");
            if (params.path("groupBy").asText().equals("top")) {
                checkField(problems, where + " params.termField", params.path("termField").asText(), EXACT, "grouping");
            }
            if (!params.path("aggType").asText("count").equals("count")) {
                checkField(problems, where + " params.aggField", params.path("aggField").asText(), NUMERIC,
                        params.path("aggType").asText());
            }
            if (!params.path("threshold").isArray() || params.path("threshold").isEmpty()
                    || !params.path("thresholdComparator").isTextual() || !params.path("timeWindowSize").isInt()
                    || !params.path("timeWindowUnit").isTextual() || !params.path("size").isInt()) {
                problems.add(where + " params needs threshold, thresholdComparator, timeWindowSize, timeWindowUnit and size");
            }
            JsonNode query = esQuery(problems, where, params);
            if (!query.has("query")) {
                problems.add(where + " params.esQuery must contain \"query\"");
            }
            checkDsl(problems, where + " params.esQuery", query.path("query"));
        }
        Set<String> names = new HashSet<>();
        rules.forEach((file, rule) -> {
            if (!names.add(rule.path("name").asText())) {
                problems.add("rule " + file + " has the name of another rule: " + rule.path("name").asText());
            }
        });
        assertThat(problems).as("rules that do not fit Vigil's indices").isEmpty();
    }

    /** The query DSL's fields: each leaf clause names fields that must be mapped with a type that fits it. */
    private static void checkDsl(List<String> problems, String where, JsonNode clause) {
        clause.properties().forEach(entry -> {
            String type = entry.getKey();
            JsonNode body = entry.getValue();
            if (type.equals("bool")) {
                body.properties().forEach(occurrence -> {
                    JsonNode clauses = occurrence.getValue();
                    if (clauses.isArray()) {
                        clauses.forEach(c -> checkDsl(problems, where, c));
                    } else if (clauses.isObject()) {
                        checkDsl(problems, where, clauses);
                    }
                });
            } else if (type.equals("exists")) {
                checkField(problems, where + " exists", body.path("field").asText(), allKinds(), "exists");
            } else if (type.equals("match_all")) {
                // no field
            } else if (DSL_FIELD_CLAUSES.containsKey(type)) {
                body.fieldNames().forEachRemaining(field -> {
                    if (!field.equals("boost")) {
                        checkField(problems, where + " " + type, field, DSL_FIELD_CLAUSES.get(type), type);
                    }
                });
            } else {
                problems.add(where + ": clause '" + type + "' is not known to this test; add what fields it names");
            }
        });
    }

    @Test
    void everyAnomalyKindTheRulesAndPanelsNameIsOneVigilDecides() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : rules.entrySet()) {
            String where = "rule " + entry.getKey();
            JsonNode query = esQuery(problems, where, entry.getValue().path("params"));
            Set<String> kinds = new LinkedHashSet<>();
            collectDslValues(query.path("query"), "anomalies", kinds, true);
            checkKinds(problems, where + " params.esQuery", kinds);
        }
        for (JsonNode lens : ofType("lens")) {
            JsonNode state = lens.path("attributes").path("state");
            Set<String> kinds = new LinkedHashSet<>(
                    kql(state.path("query").path("query").asText()).getOrDefault("anomalies", List.of()));
            layers(lens).values().forEach(layer -> layer.path("columns").forEach(column -> kinds.addAll(
                    kql(column.path("filter").path("query").asText()).getOrDefault("anomalies", List.of()))));
            kinds.removeIf(value -> value.contains("*"));
            checkKinds(problems, describe(lens), kinds);
        }
        assertThat(problems).as("anomaly kinds that Trigger.ANOMALIES does not have " + new TreeSet<>(Trigger.ANOMALIES))
                .isEmpty();
    }

    /**
     * The Kibana rules mirror Vigil's own (alerts/alert-rules.yaml as the jar ships it): every anomaly
     * an alert rule names has a Kibana rule tagged with that rule and the severity it gives the
     * anomaly, and the rules that name no anomaly count a spike as Vigil's spike rule does.
     */
    @Test
    void theRulesMirrorVigilsAlertRules() throws IOException {
        AlertRules.Definitions vigil = AlertRules.read(new ClassPathResource("alerts/alert-rules.yaml"));
        Map<String, Set<String>> tagsByKind = new LinkedHashMap<>();
        vigil.rules().forEach((name, rule) -> rule.levels().forEach((severity, kinds) -> kinds.forEach(kind ->
                tagsByKind.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(List.of(name, severity.id())))));
        List<String> problems = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        List<String> spikeRules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : rules.entrySet()) {
            String where = "rule " + entry.getKey();
            JsonNode rule = entry.getValue();
            Set<String> tags = new HashSet<>();
            rule.path("tags").forEach(tag -> tags.add(tag.asText()));
            Set<String> kinds = new LinkedHashSet<>();
            collectDslValues(esQuery(problems, where, rule.path("params")).path("query"), "anomalies", kinds, false);
            if (kinds.isEmpty()) {
                spikeRules.add(entry.getKey());
                checkSpike(problems, where, rule, tags, vigil.spike());
            }
            for (String kind : kinds) {
                if (!tagsByKind.containsKey(kind)) {
                    problems.add(where + " fires on " + kind + ", which alerts/alert-rules.yaml raises no alert for");
                    continue;
                }
                covered.add(kind);
                if (!tags.containsAll(tagsByKind.get(kind))) {
                    problems.add(where + " names " + kind + ": its tags " + new TreeSet<>(tags) + " lack "
                            + tagsByKind.get(kind) + " (the alert rule and severity of alerts/alert-rules.yaml)");
                }
            }
        }
        Set<String> uncovered = new TreeSet<>(tagsByKind.keySet());
        uncovered.removeAll(covered);
        if (!uncovered.isEmpty()) {
            problems.add("alerts/alert-rules.yaml alerts on " + uncovered + ", which no Kibana rule names");
        }
        if (vigil.spike().enabled() && spikeRules.isEmpty()) {
            problems.add("alerts/alert-rules.yaml has a spike rule; no Kibana rule counts anomalies without naming one");
        }
        assertThat(problems).as("Kibana rules that do not mirror Vigil's alert rules").isEmpty();
    }

    private static void checkSpike(List<String> problems, String where, JsonNode rule, Set<String> tags,
                                   AlertRules.Spike spike) {
        JsonNode params = rule.path("params");
        Duration window = switch (params.path("timeWindowUnit").asText()) {
            case "s" -> Duration.ofSeconds(params.path("timeWindowSize").asLong());
            case "m" -> Duration.ofMinutes(params.path("timeWindowSize").asLong());
            case "h" -> Duration.ofHours(params.path("timeWindowSize").asLong());
            case "d" -> Duration.ofDays(params.path("timeWindowSize").asLong());
            default -> null;
        };
        if (!spike.window().equals(window)) {
            problems.add(where + " counts over " + window + "; Vigil's spike rule over " + spike.window());
        }
        if (!params.path("thresholdComparator").asText().equals(">") || params.path("threshold").size() != 1
                || params.path("threshold").path(0).asInt() != spike.moreThan()) {
            problems.add(where + " fires at " + params.path("thresholdComparator").asText() + " " + params.path("threshold")
                    + "; Vigil's spike rule at more than " + spike.moreThan());
        }
        if (!params.path("aggType").asText("count").equals("count")) {
            problems.add(where + " aggregates " + params.path("aggType").asText() + "; a spike counts records");
        }
        if (!tags.containsAll(List.of("spike", spike.severity().id()))) {
            problems.add(where + " tags " + new TreeSet<>(tags) + " lack [spike, " + spike.severity().id() + "]");
        }
    }

    private static void checkKinds(List<String> problems, String where, Set<String> kinds) {
        for (String kind : kinds) {
            if (!Trigger.ANOMALIES.contains(kind)) {
                problems.add(where + " names anomaly '" + kind + "'");
            }
        }
    }

    /**
     * The values a query DSL compares a field to exactly (term, terms, match); with
     * {@code excluded} false, not those of {@code must_not} clauses (what the query fires on).
     */
    private static void collectDslValues(JsonNode node, String field, Set<String> values, boolean excluded) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                JsonNode value = entry.getValue();
                if (!excluded && entry.getKey().equals("must_not")) {
                    return;
                }
                boolean exact = entry.getKey().equals("term") || entry.getKey().equals("terms")
                        || entry.getKey().equals("match") || entry.getKey().equals("match_phrase");
                if (exact && value.has(field)) {
                    JsonNode named = value.get(field);
                    JsonNode literal = named.isObject() ? named.path(named.has("value") ? "value" : "query") : named;
                    if (literal.isArray()) {
                        literal.forEach(v -> values.add(v.asText()));
                    } else {
                        values.add(literal.asText());
                    }
                } else {
                    collectDslValues(value, field, values, excluded);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectDslValues(element, field, values, excluded));
        }
    }

    @Test
    void loadShCanCreateAndUpdateEveryRule() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String file : rules.keySet()) {
            String where = "rule " + file;
            List<String> lines = Files.readAllLines(RULES.resolve(file));
            // What load.sh does with sed: take the id from its line, delete lines to make the bodies.
            List<String> idValues = new ArrayList<>();
            lines.forEach(line -> {
                Matcher id = RULE_ID_LINE.matcher(line);
                if (id.matches()) {
                    idValues.add(id.group(1));
                }
            });
            if (idValues.size() != 1 || !UUID_V1_OR_V4.matcher(idValues.get(0)).matches()) {
                problems.add(where + " needs one line '  \"id\": \"<uuid v4>\",' (Kibana takes UUID v1 or v4 rule ids), has "
                        + idValues);
            } else if (!ids.add(idValues.get(0))) {
                problems.add(where + " has the id of another rule: " + idValues.get(0));
            }
            JsonNode create = body(problems, where + " create body (without the id line)", lines,
                    LINES_LOAD_SH_STRIPS.subList(0, 1));
            JsonNode update = body(problems, where + " update body (without the lines "
                    + LINES_LOAD_SH_STRIPS + ")", lines, LINES_LOAD_SH_STRIPS);
            checkKeys(problems, where + " create body", create, RULE_CREATE_FIELDS);
            checkKeys(problems, where + " update body", update, RULE_UPDATE_FIELDS);
        }
        assertThat(problems).as("rules load.sh could not create or update").isEmpty();
    }

    private static JsonNode body(List<String> problems, String what, List<String> lines, List<String> stripped) {
        List<String> kept = lines.stream()
                .filter(line -> stripped.stream().noneMatch(field -> line.startsWith("  \"" + field + "\": ")))
                .toList();
        try {
            return JSON.readTree(String.join("\n", kept));
        } catch (IOException e) {
            problems.add(what + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return JSON.createObjectNode();
        }
    }

    private static void checkKeys(List<String> problems, String where, JsonNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                problems.add(where + " has '" + field + "', which Kibana does not accept there (only "
                        + new TreeSet<>(allowed) + ")");
            }
        });
    }

    private static JsonNode esQuery(List<String> problems, String where, JsonNode params) {
        try {
            JsonNode query = JSON.readTree(params.path("esQuery").asText());
            return query == null ? JSON.createObjectNode() : query;
        } catch (IOException e) {
            problems.add(where + " params.esQuery is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return JSON.createObjectNode();
        }
    }

    // --- the mapping ----------------------------------------------------------------------------

    /**
     * How the index template maps a field path: through the objects' {@code properties}; a path no
     * property maps is mapped when documents first carry it, by the first dynamic template that
     * matches it and its JSON type, else by Elasticsearch's default. {@code kind} is null when the
     * path is not indexed; {@code how} then says why.
     */
    record Mapped(Kind kind, String how) {
    }

    static Mapped resolve(String path) {
        Map<String, Property> properties = mapping.properties();
        boolean dynamic = mapping.dynamic() == null || mapping.dynamic() == DynamicMapping.True;
        String[] parts = path.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            String prefix = String.join(".", Arrays.copyOfRange(parts, 0, i + 1));
            Property property = properties.get(parts[i]);
            if (property == null) {
                return dynamic ? dynamicallyMapped(path)
                        : new Mapped(null, "not mapped, and '" + prefix + "' is below an object with dynamic mapping off");
            }
            if (i == parts.length - 1) {
                return new Mapped(property._kind(), "mapped");
            }
            if (!property.isObject() && !property.isNested()) {
                return new Mapped(null, "'" + prefix + "' is a " + property._kind().jsonValue() + ", it has no sub-fields");
            }
            PropertyBase object = property.isObject() ? property.object() : property.nested();
            if (property.isObject() && Boolean.FALSE.equals(property.object().enabled())) {
                return new Mapped(null, "'" + prefix + "' is stored but not indexed (enabled: false)");
            }
            if (object.dynamic() != null) {
                dynamic = object.dynamic() == DynamicMapping.True;
            }
            properties = object.properties();
        }
        throw new IllegalStateException("unreachable for " + path);
    }

    /**
     * A path the template leaves to dynamic mapping: its JSON type from what Vigil writes there
     * (the components of {@link ClinicalRecord} and its records, as Jackson writes them, and
     * {@link #CLASSIFICATION}), then the first dynamic template for that path and type, or
     * Elasticsearch's default dynamic mapping. A name Vigil never writes is no field at all.
     */
    private static Mapped dynamicallyMapped(String path) {
        Type type = null;
        for (String part : path.split("\\.", -1)) {
            Type member = type == null ? rootField(part) : member(type, part);
            if (member == null) {
                return new Mapped(null, "not in the template's mapping, and Vigil's documents have no '" + part + "' there"
                        + (type == null ? "" : " (" + type.getTypeName() + ")"));
            }
            type = member;
        }
        String json = jsonType(type);
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        for (NamedValue<DynamicTemplate> named : mapping.dynamicTemplates()) {
            DynamicTemplate template = named.value();
            boolean matches = (template.matchMappingType().isEmpty() || template.matchMappingType().contains(json)
                    || template.matchMappingType().contains("*"))
                    && (template.match().isEmpty() || template.match().stream().anyMatch(glob -> glob(glob, leaf)))
                    && template.unmatch().stream().noneMatch(glob -> glob(glob, leaf))
                    && (template.pathMatch().isEmpty() || template.pathMatch().stream().anyMatch(glob -> glob(glob, path)))
                    && template.pathUnmatch().stream().noneMatch(glob -> glob(glob, path));
            if (matches && template.isMapping()) {
                return new Mapped(template.mapping()._kind(), "a " + json + " mapped by dynamic template '" + named.name() + "'");
            }
        }
        Kind byDefault = switch (json) {
            case "string" -> Kind.Text; // with a .keyword sub-field
            case "long" -> Kind.Long;
            case "double" -> Kind.Float;
            case "boolean" -> Kind.Boolean;
            case "date" -> Kind.Date;
            default -> Kind.Object;
        };
        return new Mapped(byDefault, "a " + json + " mapped by Elasticsearch's default dynamic mapping");
    }

    private static Type rootField(String name) {
        if (CLASSIFICATION.containsKey(name)) {
            return CLASSIFICATION.get(name);
        }
        return member(ClinicalRecord.class, name);
    }

    /** The type of a field of a record, a map's value (any key) or a list's element's field; null when none. */
    private static Type member(Type owner, String name) {
        if (owner instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            if (Map.class.isAssignableFrom(raw)) {
                return generic.getActualTypeArguments()[1];
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return member(generic.getActualTypeArguments()[0], name);
            }
        }
        if (owner instanceof Class<?> record && record.isRecord()) {
            return Arrays.stream(record.getRecordComponents()).filter(c -> c.getName().equals(name))
                    .map(RecordComponent::getGenericType).findFirst().orElse(null);
        }
        return null;
    }

    /** The JSON type Jackson writes a Java type as, in the words of dynamic templates' match_mapping_type. */
    private static String jsonType(Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            return jsonType(generic.getActualTypeArguments()[0]); // a list is indexed as its elements
        }
        Class<?> raw = type instanceof ParameterizedType generic ? (Class<?>) generic.getRawType()
                : type instanceof Class<?> plain ? plain : Object.class;
        if (CharSequence.class.isAssignableFrom(raw) || raw.isEnum()) {
            return "string";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "boolean";
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return "double";
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return "long";
        }
        if (Temporal.class.isAssignableFrom(raw)) {
            return "date"; // written as ISO-8601 text, which date detection maps as a date
        }
        return "object";
    }

    private static boolean glob(String glob, String value) {
        return value.matches(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    private static void checkField(List<String> problems, String where, String field, Set<Kind> fits, String use) {
        if (field == null || field.isBlank()) {
            problems.add(where + ": no field named");
            return;
        }
        Mapped mapped = resolve(field);
        if (mapped.kind() == null) {
            problems.add(where + " names '" + field + "': " + mapped.how());
        } else if (mapped.kind() == Kind.Object || mapped.kind() == Kind.Nested) {
            problems.add(where + " names '" + field + "', an object, not a field");
        } else if (!fits.contains(mapped.kind())) {
            problems.add(where + " names '" + field + "', a " + mapped.kind().jsonValue() + " (" + mapped.how()
                    + "), which does not fit " + use + " (needs " + fits.stream().map(Kind::jsonValue).sorted().toList() + ")");
        }
    }

    private static void checkKql(List<String> problems, String where, JsonNode query) {
        if (query.isMissingNode() || query.path("query").asText().isBlank()) {
            return;
        }
        if (!query.path("language").asText().equals("kuery")) {
            problems.add(where + " is in '" + query.path("language").asText() + "'; this test reads KQL (kuery) only");
            return;
        }
        kql(query.path("query").asText()).keySet().forEach(field -> checkField(problems, where, field, allKinds(), "a query"));
    }

    /**
     * The fields a KQL query compares, each with the values it compares it to: {@code field : value},
     * {@code field : (a or b)}, {@code field >= 5}, {@code not field : "x"}.
     */
    static Map<String, List<String>> kql(String query) {
        List<String> tokens = new ArrayList<>();
        Matcher token = KQL_TOKEN.matcher(query);
        while (token.find()) {
            tokens.add(token.group());
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String name = tokens.get(i);
            if (!KQL_OPERATORS.contains(tokens.get(i + 1)) || KQL_OPERATORS.contains(name) || name.equals(")")) {
                continue;
            }
            List<String> values = fields.computeIfAbsent(unquote(name), f -> new ArrayList<>());
            int j = i + 2;
            if (j < tokens.size() && tokens.get(j).equals("(")) {
                for (j++; j < tokens.size() && !tokens.get(j).equals(")"); j++) {
                    if (!KQL_WORDS.contains(tokens.get(j).toLowerCase())) {
                        values.add(unquote(tokens.get(j)));
                    }
                }
            } else if (j < tokens.size()) {
                values.add(unquote(tokens.get(j)));
            }
        }
        return fields;
    }

    private static String unquote(String token) {
        return token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")
                ? token.substring(1, token.length() - 1).replaceAll("\\\\(.)", "$1") : token;
    }

    // --- helpers --------------------------------------------------------------------------------

    private static List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    private static Map<String, JsonNode> layers(JsonNode lens) {
        Map<String, JsonNode> layers = new LinkedHashMap<>();
        lens.path("attributes").path("state").path("datasourceStates").path("formBased").path("layers").properties()
                .forEach(layer -> layers.put(layer.getKey(), layer.getValue()));
        return layers;
    }

    private static JsonNode parseEmbedded(List<String> problems, JsonNode object, String attribute, JsonNode text) {
        if (text.isMissingNode()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text.asText());
        } catch (IOException e) {
            problems.add(describe(object) + " " + attribute + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return JSON.createObjectNode();
        }
    }

    /** Calls {@code visit} with every (key, text) of a JSON tree, the elements of text arrays included. */
    private static void walk(JsonNode node, java.util.function.BiConsumer<String, String> visit) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                visit.accept(field.getKey(), value.asText());
            } else if (value.isArray()) {
                value.forEach(element -> {
                    if (element.isTextual()) {
                        visit.accept(field.getKey(), element.asText());
                    } else {
                        walk(element, visit);
                    }
                });
            } else {
                walk(value, visit);
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void expect(List<String> problems, String where, String field, String actual, String expected) {
        if (!expected.equals(actual)) {
            problems.add(where + " " + field + ": '" + actual + "', expected '" + expected + "'");
        }
    }

    private static String describe(JsonNode object) {
        return object.path("type").asText() + " '" + object.path("id").asText() + "'";
    }

    private static String key(String type, String id) {
        return type + ":" + id;
    }

    private static Set<Kind> allKinds() {
        return Set.of(Kind.values());
    }

    @SafeVarargs
    private static Set<Kind> union(Set<Kind>... sets) {
        Set<Kind> all = new HashSet<>();
        for (Set<Kind> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
