package io.mesoscompose.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden compose files of the test resources ({@code src/test/resources/compose-examples}, with their sources
 * and licences in its README). Tests read only what is in the repository.
 */
public final class ComposeExamples {

    private ComposeExamples() {
    }

    /** The folder holding the golden compose files. */
    public static Path dir() {
        try {
            var url = ComposeExamples.class.getResource("/compose-examples/README.md");
            if (url == null) {
                throw new IllegalStateException("compose-examples/README.md is not on the test classpath");
            }
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One golden file by name, e.g. {@code seed-example.yaml}. */
    public static Path file(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no golden compose file " + name + " in " + dir());
        }
        return file;
    }

    /** The file's text. */
    public static String text(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of every golden compose file ({@code .yaml} or {@code .yml}), sorted. */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
