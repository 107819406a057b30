package org.vigil.reload;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The configuration folders as a Git working copy (optional, {@code vigil.config.git.enabled}):
 * the routes and terminology folders lie in a clone the site made; Vigil pulls its branch
 * ({@code vigil.config.git.branch} of {@code vigil.config.git.remote}) every
 * {@code vigil.config.git.pull-every}, or when an operator asks ({@code POST /api/config/pull}),
 * and goes through the new commits oldest first: each is checked out and applied all or none
 * ({@link LiveConfiguration#applyCommit}); a commit with a file that does not pass is refused (the
 * working copy goes back to the last commit applied) and a later commit that fixes it is applied.
 * The commit running is shown at {@code /api/config} and {@code /actuator/info}. JGit (EDL 1.0),
 * no git binary needed.
 */
@Component
public class GitConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GitConfiguration.class);

    /** A commit and what became of it. */
    public record CommitOutcome(String commit, String message, String outcome, List<LiveConfiguration.Outcome> files) {
    }

    private final LiveConfiguration live;
    private final boolean enabled;
    private final String remote;
    private final String branch;
    private final Duration pullEvery;
    private final Path folder;
    /** Start-up counts as a pull: the working copy is what the site cloned (or what ran before). */
    private Instant lastPull = Instant.now();

    public GitConfiguration(LiveConfiguration live, @Value("${vigil.config.git.enabled}") boolean enabled,
                            @Value("${vigil.config.git.remote}") String remote, @Value("${vigil.config.git.branch}") String branch,
                            @Value("${vigil.config.git.pull-every}") Duration pullEvery,
                            @Value("${vigil.routes.dir:}") String routesDir, @Value("${vigil.terminology.dir:}") String terminologyDir) {
        this.live = live;
        this.enabled = enabled;
        this.remote = remote;
        this.branch = branch;
        this.pullEvery = pullEvery;
        String dir = !routesDir.isBlank() ? routesDir : terminologyDir;
        this.folder = dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
        if (enabled) {
            if (folder == null) {
                throw new IllegalStateException("vigil.config.git.enabled needs vigil.routes.dir or vigil.terminology.dir in a Git working copy");
            }
            try (Repository repository = open()) {
                ObjectId head = repository.resolve("HEAD");
                live.commitAtStart(head == null ? null : head.name());
                LOG.info("Configuration from the Git working copy {} at {}, pulling {}/{} every {}", repository.getWorkTree(),
                        head == null ? "(no commit)" : head.name(), remote, branch, pullEvery);
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the Git working copy of " + folder + ": " + e.getMessage(), e);
            }
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Called with each poll: pulls when {@code pull-every} has passed since the last pull. */
    public void pullIfDue() {
        if (enabled && Instant.now().isAfter(lastPull.plus(pullEvery))) {
            pull("schedule");
        }
    }

    /** Fetches the branch and applies its new commits, oldest first. */
    public synchronized List<CommitOutcome> pull(String by) {
        if (!enabled) {
            throw new RefusedChange("the configuration folder is not a Git working copy here (vigil.config.git.enabled is false)");
        }
        lastPull = Instant.now();
        live.startOnce(); // what runs now, before the working copy moves
        List<CommitOutcome> outcomes = new ArrayList<>();
        try (Repository repository = open(); Git git = new Git(repository)) {
            git.fetch().setRemote(remote).call();
            ObjectId target = repository.resolve("refs/remotes/" + remote + "/" + branch);
            ObjectId head = repository.resolve("HEAD");
            if (target == null) {
                throw new RefusedChange(remote + " has no branch " + branch);
            }
            if (target.equals(head)) {
                return outcomes;
            }
            List<RevCommit> commits = new ArrayList<>();
            (head == null ? git.log().add(target) : git.log().addRange(head, target)).call().forEach(commits::add);
            Collections.reverse(commits);
            String good = head == null ? null : head.name();
            for (RevCommit commit : commits) {
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
                List<LiveConfiguration.Outcome> files = live.applyCommit(commit.name(), "git " + by);
                boolean refused = files.stream().anyMatch(o -> o.outcome().equals("refused"));
                outcomes.add(new CommitOutcome(commit.name(), commit.getShortMessage(), refused ? "refused" : "applied", files));
                if (refused) {
                    LOG.warn("Commit {} refused ({}): the working copy stays at {}", commit.name(), commit.getShortMessage(), good);
                    if (good != null) {
                        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(good).call();
                    }
                } else {
                    good = commit.name();
                }
            }
            return outcomes;
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("pull of " + remote + "/" + branch + " failed: " + e.getMessage(), e);
        }
    }

    private Repository open() throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(folder.toFile());
        File gitDir = builder.getGitDir();
        if (gitDir == null) {
            throw new IOException(folder + " is not in a Git working copy");
        }
        return builder.build();
    }
}
