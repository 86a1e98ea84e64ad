package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code PUT .../services/{service}/scale}. */
public record ScaleRequest(@JsonProperty("replicas") int replicas) {}
