package io.mesoscompose.compose;

/**
 * One compose file as given: its name (a path on the client, shown in error positions) and its text. The framework
 * keeps these verbatim so a project can be shown and re-planned exactly as it was sent.
 */
public record SourceFile(String name, String content) {}
