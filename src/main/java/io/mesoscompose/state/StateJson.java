package io.mesoscompose.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.mesoscompose.json.Json;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Records are stored as JSON by every store, so any store stays readable: task records by {@link TaskRecordJson}
 * (there are many, and a restart reads them all), everything else by the shared {@link Json#MAPPER}.
 */
final class StateJson {

    /** Lists of at least this many records are decoded in parallel. */
    static final int PARALLEL_FROM = 5_000;

    private StateJson() {}

    static String encode(Object record) {
        if (record instanceof TaskRecord task) {
            return TaskRecordJson.encode(task);
        }
        try {
            return Json.MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("cannot encode " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static <T> T decode(String json, Class<T> type) {
        return decode(Json.MAPPER.readerFor(type), json, type);
    }

    private static <T> T decode(ObjectReader reader, String json, Class<T> type) {
        if (type == TaskRecord.class) {
            return type.cast(TaskRecordJson.decode(json));
        }
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("stored " + type.getSimpleName() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Every record, in order. Many (a start with 100,000 tasks) are decoded on all cores: decoding is what a start
     * waits for before it can reconcile.
     */
    static <T> List<T> decodeAll(Collection<String> values, Class<T> type) {
        ObjectReader reader = Json.MAPPER.readerFor(type);
        Stream<String> all = values.size() >= PARALLEL_FROM ? values.parallelStream() : values.stream();
        return all.map(json -> decode(reader, json, type)).toList();
    }
}
