package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A piece of a task's output, as {@code GET /api/compose/v1/tasks/{id}/logs} answers it (and each {@code log}
 * event of its follow mode).
 *
 * @param offset     the byte offset of {@code data} in the file
 * @param nextOffset where to read on: {@code offset} plus the bytes of {@code data} (a UTF-8 character cut by the
 *                   end of a read is left for the next read)
 * @param taskEnded  the task has ended: once a read at {@code nextOffset} brings nothing, nothing more will come
 */
public record TaskLog(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("stream") LogStream stream,
        @JsonProperty("offset") long offset,
        @JsonProperty("next_offset") long nextOffset,
        @JsonProperty("data") String data,
        @JsonProperty("task_ended") boolean taskEnded) {}
