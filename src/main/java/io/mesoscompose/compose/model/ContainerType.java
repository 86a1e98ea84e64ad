package io.mesoscompose.compose.model;

/** Which Mesos containerizer runs the service: Docker, Mesos UCR, or none (the command executor's own sandbox). */
public enum ContainerType { DOCKER, MESOS, NONE }
