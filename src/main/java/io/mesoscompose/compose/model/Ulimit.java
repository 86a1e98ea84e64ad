package io.mesoscompose.compose.model;

/** A resource limit; -1 means unlimited, as in compose. */
public record Ulimit(long soft, long hard) {}
