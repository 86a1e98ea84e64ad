package io.mesoscompose.compose.model;

/** {@code network_mode:} as Mesos understands it; USER means the named networks of {@code network(s):}. */
public enum NetworkMode { HOST, BRIDGE, USER, NONE }
