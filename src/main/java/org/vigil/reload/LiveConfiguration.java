package org.vigil.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.vigil.alert.AlertRules;
import org.vigil.config.ExternalRoutesEnvironmentPostProcessor;
import org.vigil.ingest.Terminology;
import org.vigil.security.AuditEntry;
import org.vigil.security.AuditTrail;

/**
 * The site's configuration folders, changed while Vigil runs: the external routes
 * ({@code vigil.routes.dir}) and the site's ConceptMaps ({@code vigil.terminology.dir}). Each poll
 * (route {@code config-watch}) compares every file's SHA-256 with what runs. A changed file is
 * checked first ({@link RouteFileCheck}, then a dry run on the samples kept beside it,
 * {@link RouteDryRun}; the ConceptMaps by building the whole terminology again), then swapped in live: only the routes of that file are stopped (gracefully: exchanges in flight
 * finish, a Kafka batch in flight is committed), replaced and started; the others keep running. A
 * file that fails its check changes nothing; the reason is logged, shown at {@code /api/config} and
 * audited, as is every change applied. The versions that ran before are kept: {@link #rollback}
 * restores one the same way, and a file whose routes fail most of what they take within
 * {@code vigil.config.probation-seconds} of being swapped in is rolled back by itself.
 *
 * <p>A rollback holds: the file as it is on disk is not applied again until it changes. With a Git
 * working copy ({@link GitConfiguration}) the changes of a commit are applied all or none.
 */
@Component("liveConfiguration")
public class LiveConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfiguration.class);
    static final String ROUTES = "routes/";
    static final String TERMINOLOGY = "terminology/";
    static final String ALERTS = "alerts/";
    /** A held marker: the file was removed, and that was refused. */
    private static final String ABSENT = "absent";
    private static final int KEPT_VERSIONS = 5;
    private static final int KEPT_OUTCOMES = 100;

    /** What was done with a change, as {@code /api/config} and the audit trail tell it. */
    public record Outcome(Instant at, String file, String sha256, String outcome, String reason, String by, String commit) {
    }

    /** A version of a file that ran (content null: the file was not there, or the bundled one ran). */
    record Version(String file, String sha256, String content, Instant at, String by, Set<String> routeIds) {
    }

    private final CamelContext camel;
    private final Terminology terminology;
    private final AlertRules alertRules;
    /** The site's alert rules file (vigil.alerts.rules-file when it is a file), or null. */
    private final Path alertRulesFile;
    private final RouteFileCheck check;
    private final RouteDryRun dryRun;
    private final RouteProbation probation;
    private final AuditTrail audit;
    private final Path routesDir;
    private final Path terminologyDir;
    private final Duration probationPeriod;
    private final int probationFailures;
    /** With a Git working copy, changes come by commit ({@link GitConfiguration}), not by a poll of the folders. */
    private final boolean gitMode;

    /** Key ({@code routes/x.yaml}, {@code terminology/y.json}) → the version running. */
    private final Map<String, Version> running = new TreeMap<>();
    /** Key → the versions that ran before it, newest first. */
    private final Map<String, Deque<Version>> earlier = new HashMap<>();
    /** Key → a SHA-256 on disk not to apply (refused, or rolled back from) until the file changes. */
    private final Map<String, String> held = new HashMap<>();
    /** Key → when its routes were swapped in, while on probation. */
    private final Map<String, Instant> onProbation = new HashMap<>();
    private final Deque<Outcome> outcomes = new ArrayDeque<>();
    private volatile String commit;
    /** The folders as they were when Vigil started, i.e. when its routes and terminology were read. */
    private final Map<String, String> atStart;
    private boolean started;

    public LiveConfiguration(CamelContext camel, Terminology terminology, AlertRules alertRules, RouteFileCheck check, RouteDryRun dryRun,
                             RouteProbation probation, AuditTrail audit, @Value("${vigil.alerts.rules-file}") String alertRulesFile,
                             @Value("${vigil.routes.dir:}") String routesDir, @Value("${vigil.terminology.dir:}") String terminologyDir,
                             @Value("${vigil.config.probation-seconds}") int probationSeconds,
                             @Value("${vigil.config.probation-failures}") int probationFailures,
                             @Value("${vigil.config.git.enabled}") boolean gitMode) {
        this.camel = camel;
        this.terminology = terminology;
        this.alertRules = alertRules;
        this.alertRulesFile = alertRulesFile.startsWith("classpath:") ? null
                : Path.of(alertRulesFile.replaceFirst("^file:", "")).toAbsolutePath().normalize();
        this.check = check;
        this.dryRun = dryRun;
        this.probation = probation;
        this.audit = audit;
        this.routesDir = routesDir.isBlank() ? null : Path.of(routesDir).toAbsolutePath().normalize();
        this.terminologyDir = terminologyDir.isBlank() ? null : Path.of(terminologyDir).toAbsolutePath().normalize();
        this.probationPeriod = Duration.ofSeconds(probationSeconds);
        this.probationFailures = probationFailures;
        this.gitMode = gitMode;
        this.atStart = new TreeMap<>();
        atStart.putAll(routeFiles());
        atStart.putAll(terminologyFiles());
        atStart.putAll(alertFiles());
    }

    /** Called by the config-watch route: applies what changed in the folders, checks the routes on probation. */
    public synchronized void poll() {
        if (!gitMode) {
            apply(changes(), "config-folder", null, false);
        }
        probationCheck();
    }

    /**
     * Applies the folders as they are now, all or none (a Git commit): returns what was done, with
     * {@code commit} named in each outcome and the audit trail.
     */
    synchronized List<Outcome> applyCommit(String commit, String by) {
        // A commit is judged as a whole, also on files refused before.
        held.clear();
        List<Outcome> done = apply(changes(), by, commit, true);
        if (done.stream().noneMatch(o -> o.outcome().equals("refused"))) {
            this.commit = commit;
        }
        return done;
    }

    /** Restores the version that ran before the one running now ({@code routes/x.yaml} or {@code terminology/y.json}). */
    public synchronized Outcome rollback(String key, String by) {
        Deque<Version> before = earlier.get(key);
        if (before == null || before.isEmpty()) {
            throw new RefusedChange(key + " has no earlier version to go back to" + (running.containsKey(key) ? "" : " (not a configuration file Vigil runs)"));
        }
        Version now = running.get(key);
        Version back = before.pop();
        try {
            if (key.startsWith(ROUTES)) {
                swapRoutes(key, back.content(), now);
            } else if (key.startsWith(ALERTS)) {
                alertRules.use(AlertRules.check(back.content(), key));
            } else {
                Map<String, String> overrides = new HashMap<>();
                overrides.put(key, back.content());
                terminology.use(siteConceptMaps(overrides));
            }
        } catch (RuntimeException e) {
            before.push(back);
            return record(new Outcome(Instant.now(), key, back.sha256(), "refused", "rollback failed: " + e.getMessage(), by, commit));
        }
        if (back.content() == null) {
            running.remove(key);
        } else {
            running.put(key, new Version(key, back.sha256(), back.content(), Instant.now(), by, back.routeIds()));
        }
        String onDisk = diskHash(key);
        if (onDisk != null) {
            held.put(key, onDisk);
        }
        onProbation.remove(key);
        return record(new Outcome(Instant.now(), key, back.sha256(), "rolled back", "back to the version of " + back.at() + " (" + back.by() + ")", by, commit));
    }

    /** What runs, what was refused or rolled back lately, and the commit, for {@code /api/config}. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("routesDir", routesDir == null ? null : routesDir.toString());
        status.put("terminologyDir", terminologyDir == null ? null : terminologyDir.toString());
        status.put("alertRulesFile", alertRulesFile == null ? null : alertRulesFile.toString());
        status.put("commit", commit);
        List<Map<String, Object>> files = new ArrayList<>();
        running.forEach((key, version) -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", key);
            file.put("sha256", version.sha256());
            file.put("since", version.at().toString());
            file.put("by", version.by());
            file.put("routes", version.routeIds());
            file.put("earlierVersions", earlier.getOrDefault(key, new ArrayDeque<>()).size());
            file.put("onProbation", onProbation.containsKey(key));
            if (held.containsKey(key)) {
                file.put("notApplied", held.get(key));
            }
            files.add(file);
        });
        status.put("files", files);
        status.put("recent", List.copyOf(outcomes));
        return status;
    }

    /** The commit the folders are at (a Git working copy), or null. */
    public String commit() {
        return commit;
    }

    /** Each file running ({@code routes/x.yaml}, {@code terminology/y.json}) → its SHA-256. */
    public synchronized Map<String, String> runningHashes() {
        Map<String, String> hashes = new TreeMap<>();
        running.forEach((key, version) -> hashes.put(key, version.sha256()));
        return hashes;
    }

    void commitAtStart(String commit) {
        this.commit = commit;
    }

    // --- what changed

    private record Change(String key, String content, String sha256) {
        boolean removed() {
            return content == null;
        }
    }

    private List<Change> changes() {
        startOnce();
        List<Change> changes = new ArrayList<>();
        Map<String, String> onDisk = new TreeMap<>();
        onDisk.putAll(routeFiles());
        onDisk.putAll(terminologyFiles());
        onDisk.putAll(alertFiles());
        onDisk.forEach((key, content) -> {
            String sha = sha256(content);
            Version now = running.get(key);
            if (now != null && sha.equals(now.sha256()) || sha.equals(held.get(key))) {
                return;
            }
            held.remove(key);
            changes.add(new Change(key, content, sha));
        });
        running.forEach((key, version) -> {
            if (!onDisk.containsKey(key) && !ABSENT.equals(held.get(key))) {
                changes.add(new Change(key, null, null));
            }
        });
        return changes;
    }

    /**
     * The versions running since start-up: what the folders held then (their routes, once Camel has
     * started them). Called before anything changes the folders (a poll, a pull).
     */
    synchronized void startOnce() {
        if (started) {
            return;
        }
        started = true;
        Instant now = Instant.now();
        atStart.forEach((key, content) -> running.put(key, new Version(key, sha256(content), content, now, "start-up",
                key.startsWith(ROUTES) ? routesFrom(location(key)) : Set.of())));
    }

    // --- applying

    private List<Outcome> apply(List<Change> changes, String by, String commit, boolean allOrNone) {
        List<Outcome> done = new ArrayList<>();
        if (changes.isEmpty()) {
            return done;
        }
        // Check everything first.
        Map<Change, String> refusals = new LinkedHashMap<>();
        List<Change> conceptMaps = changes.stream().filter(c -> c.key().startsWith(TERMINOLOGY)).toList();
        Map<String, String> overrides = new HashMap<>();
        conceptMaps.forEach(c -> overrides.put(c.key(), c.content()));
        Map<String, String> site = siteConceptMaps(overrides);
        if (!conceptMaps.isEmpty()) {
            try {
                terminology.check(site);
            } catch (RuntimeException e) {
                conceptMaps.forEach(c -> refusals.put(c, e.getMessage()));
            }
        }
        Map<Change, List<String>> dryRuns = new HashMap<>();
        Map<Change, AlertRules.Rules> rules = new HashMap<>();
        for (Change change : changes) {
            if (change.key().startsWith(ALERTS)) {
                try {
                    if (change.removed()) {
                        throw new IllegalStateException("the alert rules file is gone: the rules in use stay; put a file back to change them");
                    }
                    rules.put(change, AlertRules.check(change.content(), change.key()));
                } catch (IllegalStateException e) {
                    refusals.put(change, e.getMessage());
                }
            }
        }
        for (Change change : changes) {
            if (change.key().startsWith(ROUTES) && !change.removed()) {
                try {
                    check.check(location(change.key()), change.content(), owners(change.key()));
                    dryRuns.put(change, dryRun.run(location(change.key()), change.content(), samples(change.key())));
                } catch (RefusedChange e) {
                    refusals.put(change, e.getMessage());
                }
            }
        }
        if (allOrNone && !refusals.isEmpty()) {
            for (Change change : changes) {
                String reason = refusals.getOrDefault(change, "not applied: another file of this change was refused");
                done.add(refuse(change, reason, by, commit));
            }
            return done;
        }
        refusals.forEach((change, reason) -> done.add(refuse(change, reason, by, commit)));

        // Then swap in what passed.
        List<Change> goodMaps = conceptMaps.stream().filter(c -> !refusals.containsKey(c)).toList();
        if (!goodMaps.isEmpty()) {
            try {
                terminology.use(site);
                goodMaps.forEach(c -> done.add(applied(c, Set.of(), by, commit, List.of())));
            } catch (RuntimeException e) {
                goodMaps.forEach(c -> done.add(refuse(c, e.getMessage(), by, commit)));
            }
        }
        rules.forEach((change, checked) -> {
            if (!refusals.containsKey(change)) {
                alertRules.use(checked);
                done.add(applied(change, Set.of(), by, commit, List.of()));
            }
        });
        for (Change change : changes) {
            if (!change.key().startsWith(ROUTES) || refusals.containsKey(change)) {
                continue;
            }
            try {
                Set<String> ids = swapRoutes(change.key(), change.content(), running.get(change.key()));
                done.add(applied(change, ids, by, commit, dryRuns.getOrDefault(change, List.of())));
                if (!change.removed()) {
                    onProbation.put(change.key(), Instant.now());
                    probation.watch(ids);
                }
            } catch (RuntimeException e) {
                done.add(refuse(change, "could not be started, the earlier version runs again: " + e.getMessage(), by, commit));
            }
        }
        return done;
    }

    /**
     * Replaces the routes of a file with those of {@code content} (null: the file is gone; the
     * bundled file of that name runs again, if there is one). If the new routes cannot be
     * started, the routes that ran before are put back and the failure is thrown.
     */
    private Set<String> swapRoutes(String key, String content, Version before) {
        String name = key.substring(ROUTES.length());
        String bundledPath = ExternalRoutesEnvironmentPostProcessor.bundledRouteFiles().get(name);
        Set<String> beforeIds = before != null ? before.routeIds() : bundledPath != null ? routesFrom(bundledLocation(bundledPath)) : Set.of();
        String location = content != null ? location(key) : bundledPath != null ? bundledLocation(bundledPath) : null;
        String text = content != null ? content : bundledPath != null ? bundledContent(bundledPath) : null;
        try {
            Set<String> ids = text == null ? Set.of() : PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString(location, text));
            removeRoutes(beforeIds, ids);
            return ids;
        } catch (Exception e) {
            LOG.warn("Routes of {} could not be started, putting back those that ran: {}", key, e.getMessage());
            try {
                String beforeText = before != null && before.content() != null ? before.content() : bundledPath != null ? bundledContent(bundledPath) : null;
                String beforeLocation = before != null && before.content() != null ? location(key) : bundledPath != null ? bundledLocation(bundledPath) : null;
                if (beforeText != null) {
                    PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString(beforeLocation, beforeText));
                }
            } catch (Exception again) {
                LOG.error("The routes that ran before {} could not be put back either: {}", key, again.getMessage());
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void removeRoutes(Set<String> before, Set<String> keep) throws Exception {
        for (String id : before) {
            if (!keep.contains(id) && camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        }
    }

    private Outcome applied(Change change, Set<String> ids, String by, String commit, List<String> dryRun) {
        Version now = running.get(change.key());
        if (now != null) {
            Deque<Version> before = earlier.computeIfAbsent(change.key(), k -> new ArrayDeque<>());
            before.push(now);
            while (before.size() > KEPT_VERSIONS) {
                before.removeLast();
            }
        } else {
            // Before it there was no such file: going back means removing it again.
            earlier.computeIfAbsent(change.key(), k -> new ArrayDeque<>()).push(new Version(change.key(), null, null, Instant.now(), "absent", Set.of()));
        }
        if (change.removed()) {
            running.remove(change.key());
            return record(new Outcome(Instant.now(), change.key(), null, "removed", ids.isEmpty() ? "its routes were stopped and removed"
                    : "the bundled routes run again: " + ids, by, commit));
        }
        running.put(change.key(), new Version(change.key(), change.sha256(), change.content(), Instant.now(), by, ids));
        return record(new Outcome(Instant.now(), change.key(), change.sha256(), "applied",
                (ids.isEmpty() ? "in use" : "routes " + ids + " replaced and started; the other routes kept running")
                        + (dryRun.isEmpty() ? "" : "; dry run: " + String.join("; ", dryRun)), by, commit));
    }

    private Outcome refuse(Change change, String reason, String by, String commit) {
        held.put(change.key(), change.sha256() != null ? change.sha256() : ABSENT);
        LOG.warn("Configuration change refused, nothing changed: {}: {}", change.key(), reason);
        return record(new Outcome(Instant.now(), change.key(), change.sha256(), "refused", reason, by, commit));
    }

    private Outcome record(Outcome outcome) {
        outcomes.push(outcome);
        while (outcomes.size() > KEPT_OUTCOMES) {
            outcomes.removeLast();
        }
        if (!outcome.outcome().equals("refused")) {
            LOG.info("Configuration {}: {} ({}): {}", outcome.outcome(), outcome.file(), outcome.by(), outcome.reason());
        }
        String query = (outcome.sha256() == null ? "" : "sha256=" + outcome.sha256()) + (outcome.commit() == null ? "" : "&commit=" + outcome.commit());
        audit.record(new AuditEntry(outcome.at(), outcome.by(), List.of(), AuditEntry.Action.CONFIGURE, outcome.outcome().toUpperCase().replace(' ', '_'),
                outcome.file(), query, outcome.outcome().equals("refused") ? 422 : 200, "configuration"));
        return outcome;
    }

    // --- probation

    private void probationCheck() {
        Instant now = Instant.now();
        for (Map.Entry<String, Instant> entry : new ArrayList<>(onProbation.entrySet())) {
            String key = entry.getKey();
            Version version = running.get(key);
            if (version == null || now.isAfter(entry.getValue().plus(probationPeriod))) {
                onProbation.remove(key);
                if (version != null) {
                    probation.release(version.routeIds());
                }
                continue;
            }
            String failure = null;
            for (String id : version.routeIds()) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(id);
                RouteProbation.Counts counts = probation.counts(id);
                if (status == null || !status.isStarted()) {
                    failure = "route " + id + " is " + status + " after being swapped in";
                } else if (counts.failed() >= probationFailures && counts.failed() * 2 > counts.completed()) {
                    failure = "route " + id + " failed " + counts.failed() + " of " + (counts.failed() + counts.completed()) + " exchanges within "
                            + probationPeriod.toSeconds() + " s of being swapped in";
                }
            }
            if (failure != null) {
                onProbation.remove(key);
                probation.release(version.routeIds());
                record(new Outcome(now, key, version.sha256(), "refused", failure, "probation", commit));
                LOG.warn("Configuration change refused on probation, rolling back {}: {}", key, failure);
                rollback(key, "probation");
            }
        }
    }

    // --- the folders

    private Map<String, String> routeFiles() {
        Map<String, String> files = new TreeMap<>();
        if (routesDir != null) {
            list(routesDir, name -> name.endsWith(".yaml") || name.endsWith(".yml")).forEach((name, content) -> files.put(ROUTES + name, content));
        }
        return files;
    }

    private Map<String, String> alertFiles() {
        Map<String, String> files = new TreeMap<>();
        if (alertRulesFile != null && alertRulesFile.getParent() != null) {
            String name = alertRulesFile.getFileName().toString();
            list(alertRulesFile.getParent(), name::equals).forEach((file, content) -> files.put(ALERTS + file, content));
        }
        return files;
    }

    private Map<String, String> terminologyFiles() {
        Map<String, String> files = new TreeMap<>();
        if (terminologyDir != null) {
            list(terminologyDir, name -> name.endsWith(".json")).forEach((name, content) -> files.put(TERMINOLOGY + name, content));
        }
        return files;
    }

    /**
     * The site's ConceptMaps as Terminology reads them (by path, in name order): those running,
     * with {@code overrides} (key → content; null: without that file) put in.
     */
    private Map<String, String> siteConceptMaps(Map<String, String> overrides) {
        Map<String, String> byKey = new TreeMap<>();
        running.forEach((key, version) -> {
            if (key.startsWith(TERMINOLOGY) && version.content() != null) {
                byKey.put(key, version.content());
            }
        });
        overrides.forEach((key, content) -> {
            if (content == null) {
                byKey.remove(key);
            } else {
                byKey.put(key, content);
            }
        });
        Map<String, String> site = new LinkedHashMap<>();
        byKey.forEach((key, content) -> site.put(terminologyDir.resolve(key.substring(TERMINOLOGY.length())).toString(), content));
        return site;
    }

    private static Map<String, String> list(Path dir, java.util.function.Predicate<String> wanted) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = path.getFileName().toString();
                if (wanted.test(name) && !name.startsWith(".")) {
                    files.put(name, Files.readString(path, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }

    /**
     * The sample messages kept beside a route file for its dry run: the files of
     * {@code <name>.samples/} next to {@code <name>.yaml}, by name.
     */
    private Map<String, byte[]> samples(String key) {
        String name = key.substring(ROUTES.length()).replaceFirst("\\.ya?ml$", "");
        Path dir = routesDir.resolve(name + ".samples");
        Map<String, byte[]> samples = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return samples;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                if (!path.getFileName().toString().startsWith(".")) {
                    samples.put(path.getFileName().toString(), Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new RefusedChange("cannot read the samples in " + dir + ": " + e.getMessage());
        }
        return samples;
    }

    private String diskHash(String key) {
        Map<String, String> files = key.startsWith(ROUTES) ? routeFiles() : key.startsWith(ALERTS) ? alertFiles() : terminologyFiles();
        return files.containsKey(key) ? sha256(files.get(key)) : null;
    }

    /** The location the routes of an external file carry (as {@code ExternalRoutesEnvironmentPostProcessor} loads them). */
    private String location(String key) {
        return "file:" + routesDir.resolve(key.substring(ROUTES.length()));
    }

    private Set<String> owners(String key) {
        Set<String> owners = new LinkedHashSet<>();
        owners.add(location(key));
        String bundledPath = ExternalRoutesEnvironmentPostProcessor.bundledRouteFiles().get(key.substring(ROUTES.length()));
        if (bundledPath != null) {
            owners.add(bundledLocation(bundledPath));
        }
        return owners;
    }

    private static String bundledLocation(String path) {
        return "classpath:routes/" + path;
    }

    private static String bundledContent(String path) {
        try (var in = new PathMatchingResourcePatternResolver().getResource(bundledLocation(path)).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> routesFrom(String location) {
        Set<String> ids = new LinkedHashSet<>();
        for (Route route : camel.getRoutes()) {
            if (route.getSourceResource() != null && location.equals(route.getSourceResource().getLocation())) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
