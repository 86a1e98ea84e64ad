/**
 * The records of the HTTP API, shared by the server, the {@link io.mesoscompose.api.ComposeBackend} implementations
 * and the client. Their JSON keys are spelled out with {@code @JsonProperty}: they are a published format (some keys,
 * such as {@code TaskID} and {@code MesosAgent}, exactly as the Go mesos-compose's clients read them).
 */
package io.mesoscompose.api.model;
