/**
 * The framework's settings. {@link io.mesoscompose.config.Settings} lists every environment variable that
 * {@code serve} reads (the Go mesos-compose's names, Vault's, and ours); {@link io.mesoscompose.config.EnvReader}
 * reads only those, so {@code serve --help} and docs/configuration.md, both made from that list, cannot drift from
 * the code. {@link io.mesoscompose.config.FrameworkConfig} is the typed result: every malformed value is reported
 * at once, and nothing starts with a bad setting.
 */
package io.mesoscompose.config;
