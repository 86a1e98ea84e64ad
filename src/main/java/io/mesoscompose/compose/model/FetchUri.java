package io.mesoscompose.compose.model;

import java.util.Optional;

/** A URI the Mesos fetcher downloads into the sandbox before the task starts ({@code mesos.fetch[]}). */
public record FetchUri(String value, boolean executable, boolean extract, boolean cache, Optional<String> outputFile) {}
