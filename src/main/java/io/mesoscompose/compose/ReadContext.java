package io.mesoscompose.compose;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What reading a service needs beyond its own YAML: where findings go, the interpolation variables (for bare
 * {@code environment} names and {@code env_file}), a reader for files next to the compose files, the keys of
 * the top-level sections that services refer to, and whether the service runs: a service that no active profile
 * enables is checked like the others, but its {@code env_file} is not read (as compose-go resolves only the
 * environment of enabled services).
 */
record ReadContext(
        Diagnostics diagnostics,
        Map<String, String> environment,
        Function<String, Optional<String>> readFile,
        Set<String> serviceNames,
        Set<String> networks,
        Set<String> volumes,
        Set<String> secrets,
        boolean active) {

    ReadContext inactive(Diagnostics quiet) {
        return new ReadContext(quiet, environment, readFile, serviceNames, networks, volumes, secrets, false);
    }
}
