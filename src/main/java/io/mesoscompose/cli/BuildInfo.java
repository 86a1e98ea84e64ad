package io.mesoscompose.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * What the jar was built from: the project version and the git commit, written into
 * {@value #RESOURCE} by the build (git-commit-id-maven-plugin). A build outside git has no commit.
 */
record BuildInfo(String version, Optional<String> commit, Optional<String> commitTime, boolean dirty) {

    static final String RESOURCE = "/mesos-compose-git.properties";

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(p.getProperty("git.build.version", "(development build)"),
                Optional.ofNullable(p.getProperty("git.commit.id.abbrev")).filter(s -> !s.isBlank()),
                Optional.ofNullable(p.getProperty("git.commit.time")).filter(s -> !s.isBlank()),
                Boolean.parseBoolean(p.getProperty("git.dirty", "false")));
    }

    /** {@code mesos-compose 0.1.0 (commit 0583830, 2026-11-30T09:17:04Z)}. */
    String describe() {
        String built = commit.map(c -> " (commit " + c + (dirty ? " with uncommitted changes" : "")
                + commitTime.map(t -> ", " + t).orElse("") + ")").orElse(" (no git commit recorded)");
        return "mesos-compose " + version + built;
    }
}
