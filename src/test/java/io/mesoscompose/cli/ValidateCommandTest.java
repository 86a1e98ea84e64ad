package io.mesoscompose.cli;

import io.mesoscompose.testsupport.ComposeExamples;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    static final Path SEED = ComposeExamples.file("seed-example.yaml");

    @Test
    void seedExampleIsValid() {
        CliRun run = CliRun.of("validate", "-f", SEED.toString(), "-p", "test");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("project \"test\" is valid: 1 service (app)");
        // The one warning: the seed's "8080:80" reserves no host port 8080 (Go mesos-compose behaviour).
        assertThat(run.err().lines()).singleElement().asString().contains("warning: service \"app\": ports: host"
                + " ports 8080, 8081, 8082 are not reserved");
    }

    @Test
    void errorsAreListedWithPositionsAndExitCodeIsOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, "services:\n  web:\n    imgae: nginx\n    ports: [\"80/sctp\"]\n");
        CliRun run = CliRun.of("validate", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":3:5: error: service \"web\": imgae: unknown field \"imgae\""
                        + " (did you mean `image`?)")
                .contains(":4:13: error: service \"web\": ports[0]: sctp ports")
                .contains("errors; nothing was changed");
    }

    @Test
    void envFileAndDotEnvAreReadNextToTheFirstFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env"), "TAG=1.2\n");
        Files.writeString(dir.resolve("app.env"), "A=1\n");
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, "services:\n  web:\n    image: nginx:${TAG}\n    env_file: app.env\n");
        CliRun run = CliRun.of("validate", "-f", file.toString(), "-p", "x");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void profilesIncludesAndExtendsAreResolvedNextToTheFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("tools"));
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=from_dot_env\n");
        Files.writeString(dir.resolve("tools/compose.yaml"), "services:\n  debug:\n    image: busybox\n"
                + "    profiles: [debug]\n    extends: {file: base.yaml, service: base}\n");
        Files.writeString(dir.resolve("tools/base.yaml"), "services:\n  base:\n    env_file: base.env\n");
        Files.writeString(dir.resolve("tools/base.env"), "A=1\n");
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, "include: [tools/compose.yaml]\nservices:\n  web:\n    image: nginx\n");
        CliRun plain = CliRun.of("validate", "-f", file.toString());
        assertThat(plain.err()).isEmpty();
        assertThat(plain.out()).contains("project \"from_dot_env\" is valid: 1 service (web)");
        CliRun debug = CliRun.of("validate", "-f", file.toString(), "--profile", "debug");
        assertThat(debug.err()).isEmpty();
        assertThat(debug.out()).contains("is valid: 2 services (web, debug)");
    }

    @Test
    void secretFilesOnADockerServiceAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, "services:\n  db:\n    image: postgres\n    secrets: [pw]\n"
                + "secrets:\n  pw:\n    x-vault: secret/data/db:password\n");
        CliRun run = CliRun.of("validate", "-f", file.toString(), "-p", "x");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: service \"db\": secrets: secret files need container_type mesos",
                "use container_type: mesos, or environment: KEY: vault://<path>:<key>");
        Files.writeString(file, Files.readString(file).replace("image: postgres", "image: postgres\n    container_type: mesos"));
        assertThat(CliRun.of("validate", "-f", file.toString(), "-p", "x").exitCode()).isZero();
    }

    @Test
    void aMissingFileIsOneLine() {
        CliRun run = CliRun.of("validate", "-f", "/nonexistent/compose.yaml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mesos-compose validate: no such file: /nonexistent/compose.yaml");
    }
}
