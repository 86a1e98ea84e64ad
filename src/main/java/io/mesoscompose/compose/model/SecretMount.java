package io.mesoscompose.compose.model;

import java.util.Optional;

/** A service's use of a top-level secret: which one, and where it appears (a file under /run/secrets by default). */
public record SecretMount(String source, String target, Optional<String> uid, Optional<String> gid, Optional<Integer> mode) {}
