package io.mesoscompose.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of tests and benchmarks, removed when done with. */
public final class TempDirs {

    private TempDirs() {}

    /** Removes the directory and everything in it, as far as it can: a leftover temporary file is harmless. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // gone already, or not readable: the OS cleans its temporary directory eventually
        }
    }
}
