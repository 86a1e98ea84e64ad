/**
 * Compose files → the immutable {@link io.mesoscompose.compose.model.ComposeProject}, meaning what they mean to
 * docker compose (compose-go, the loader Docker Compose v2 uses, is the reference; where the Go mesos-compose
 * read a file differently, its files keep their meaning: docs/compatibility.md).
 *
 * <p>Pipeline ({@link io.mesoscompose.compose.ComposeLoader}): parse each file and document with positions
 * ({@code YamlParser}) → per document ({@code ModelLoader}): {@code !reset}/{@code !override} ({@code ResetTags}),
 * interpolation ({@code TreeInterpolation}), project-relative paths ({@code RelativePaths}), {@code include}
 * ({@code Includes}), {@code extends} ({@code Extends}), merge ({@code TreeMerge}, {@code MergeRules}) and unique
 * entries ({@code UniqueEntries}) → profiles ({@code Profiles}) → the readers ({@code ProjectReader},
 * {@code ServiceReader} and the {@code *Reader}/{@code *Syntax} classes).
 *
 * <p>Invariants: pure (other files only through {@link io.mesoscompose.compose.LoadRequest#readFile()}, no clock);
 * never throws for bad input — every problem is a {@link io.mesoscompose.compose.Diagnostic} with the
 * file:line:column of the file at fault, and a project is returned exactly when there is no error; merging never
 * changes a node that YAML aliases share.
 */
package io.mesoscompose.compose;
