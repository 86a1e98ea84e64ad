package io.mesoscompose.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mesoscompose.json.Json;
import java.util.Collection;
import java.util.List;

/** Records are stored as JSON (the shared {@link Json#MAPPER}) by every store, so any store stays readable. */
final class StateJson {

    private StateJson() {}

    static String encode(Object record) {
        try {
            return Json.MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("cannot encode " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static <T> T decode(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("stored " + type.getSimpleName() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    static <T> List<T> decodeAll(Collection<String> values, Class<T> type) {
        return values.stream().map(json -> decode(json, type)).toList();
    }
}
