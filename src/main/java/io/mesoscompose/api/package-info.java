/**
 * The framework's HTTP API: a thin edge over one interface, {@link io.mesoscompose.api.ComposeBackend}.
 *
 * <p>{@link io.mesoscompose.api.ComposeApi} assembles the routes on {@link io.mesoscompose.api.HttpApiServer}:
 * {@link io.mesoscompose.api.CompatRoutes} (the Go mesos-compose's v0 routes, as the Mesos CLI plugin sends them),
 * {@link io.mesoscompose.api.V1Routes} (ours, JSON), {@link io.mesoscompose.api.EventRoutes} (Server-Sent Events)
 * {@link io.mesoscompose.api.LogRoutes} (tasks' output), {@link io.mesoscompose.api.OperatorRoutes} ({@code /health},
 * {@code /metrics}) and {@link io.mesoscompose.api.DashboardRoutes} (the web dashboard's files, {@code /ui}).
 * {@link io.mesoscompose.api.ApiCredentials} decides the basic-auth credentials at start and refuses to run open
 * unless asked. The records exchanged are in {@code api.model}; docs/api.md describes every route.
 */
package io.mesoscompose.api;
