/**
 * The client side of the v1 API, used by the {@code up}, {@code down}, {@code ps}, {@code scale} and
 * {@code restart} commands: {@link io.mesoscompose.client.ComposeClient} (HTTP calls),
 * {@link io.mesoscompose.client.ClientSettings} (where and who), {@link io.mesoscompose.client.ComposeFiles}
 * (files, project name, variables), {@link io.mesoscompose.client.UpRunner} and
 * {@link io.mesoscompose.client.UpProgress} (following a deployment on the event stream).
 */
package io.mesoscompose.client;
