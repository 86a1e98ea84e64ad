/**
 * The immutable compose model: what a compose file means once it is parsed, interpolated, merged and validated.
 *
 * <p>Produced only by {@code io.mesoscompose.compose.ComposeLoader}; consumed by {@code io.mesoscompose.plan}.
 * Every value here is already checked: consumers never re-validate, and they never see YAML. Optional fields are
 * {@code Optional}/empty collections, never null. Positions point back into the source for later messages
 * (e.g. a constraint that cannot be satisfied).
 */
package io.mesoscompose.compose.model;
