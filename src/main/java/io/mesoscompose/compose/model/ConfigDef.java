package io.mesoscompose.compose.model;

import java.util.Optional;

/** A top-level config: inline content, a file, or an environment variable. */
public record ConfigDef(
        String key,
        Optional<String> content,
        Optional<String> file,
        Optional<String> environment,
        boolean external,
        Optional<String> name) {}
