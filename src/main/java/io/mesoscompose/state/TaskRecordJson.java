package io.mesoscompose.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TaskRecord} as JSON, written and read field by field on Jackson's streaming parser rather than by data
 * binding: a restart decodes every task before it can reconcile, and this is several times faster, on a cold JIT
 * above all. The fields are those data binding writes, by the record's names, instants as ISO-8601 text; absent
 * optionals (and reasons) are left out rather than written as {@code null}. Both forms read here, and the
 * previous versions' data binding reads both (an absent optional reads as empty), so a store stays readable
 * either way of an upgrade. Unknown fields are skipped.
 */
final class TaskRecordJson {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private TaskRecordJson() {}

    static String encode(TaskRecord t) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("taskId", t.taskId());
            g.writeStringField("project", t.project());
            g.writeStringField("service", t.service());
            g.writeNumberField("replica", t.replica());
            g.writeNumberField("projectVersion", t.projectVersion());
            g.writeStringField("fingerprint", t.fingerprint());
            writeOptional(g, "agentId", t.agentId());
            writeOptional(g, "hostname", t.hostname());
            g.writeStringField("state", t.state());
            g.writeStringField("desired", t.desired().name());
            g.writeObjectFieldStart("hostPorts"); // always: the previous versions' data binding requires it
            for (Map.Entry<String, Integer> e : t.hostPorts().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            writeOptional(g, "message", t.message());
            if (t.exitCode().isPresent()) {
                g.writeNumberField("exitCode", t.exitCode().get());
            }
            if (t.healthy().isPresent()) {
                g.writeBooleanField("healthy", t.healthy().get());
            }
            g.writeNumberField("attempt", t.attempt());
            g.writeStringField("createdAt", t.createdAt().toString());
            g.writeStringField("updatedAt", t.updatedAt().toString());
            g.writeArrayFieldStart("history");
            for (TaskRecord.Transition h : t.history()) {
                g.writeStartObject();
                g.writeStringField("state", h.state());
                g.writeStringField("at", h.at().toString());
                writeOptional(g, "reason", h.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeOptional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }

    /** Reads a record in either form; a missing required field or a value of the wrong type is refused. */
    static TaskRecord decode(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "the record");
            return task(p);
        } catch (JsonProcessingException e) {
            throw unreadable(e.getOriginalMessage(), e);
        } catch (IOException | DateTimeException | IllegalArgumentException e) {
            throw unreadable(e.getMessage(), e);
        }
    }

    private static TaskRecord task(JsonParser p) throws IOException {
        String taskId = null;
        String project = null;
        String service = null;
        Integer replica = null;
        Long projectVersion = null;
        String fingerprint = null;
        Optional<String> agentId = Optional.empty();
        Optional<String> hostname = Optional.empty();
        String state = null;
        TaskRecord.Desired desired = null;
        Map<String, Integer> hostPorts = Map.of();
        Optional<String> message = Optional.empty();
        Optional<Integer> exitCode = Optional.empty();
        Optional<Boolean> healthy = Optional.empty();
        Integer attempt = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        List<TaskRecord.Transition> history = List.of();
        for (JsonToken field = p.nextToken(); field != JsonToken.END_OBJECT; field = p.nextToken()) {
            expect(p, field, JsonToken.FIELD_NAME, "a field name");
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "taskId" -> taskId = text(p, value, name);
                case "project" -> project = text(p, value, name);
                case "service" -> service = text(p, value, name);
                case "replica" -> replica = integer(p, value, name);
                case "projectVersion" -> {
                    expect(p, value, JsonToken.VALUE_NUMBER_INT, name);
                    projectVersion = p.getLongValue();
                }
                case "fingerprint" -> fingerprint = text(p, value, name);
                case "agentId" -> agentId = optionalText(p, value, name);
                case "hostname" -> hostname = optionalText(p, value, name);
                case "state" -> state = text(p, value, name);
                case "desired" -> desired = TaskRecord.Desired.valueOf(text(p, value, name));
                case "hostPorts" -> hostPorts = ports(p, value);
                case "message" -> message = optionalText(p, value, name);
                case "exitCode" -> exitCode = value == JsonToken.VALUE_NULL ? Optional.empty()
                        : Optional.of(integer(p, value, name));
                case "healthy" -> healthy = switch (value) {
                    case VALUE_NULL -> Optional.empty();
                    case VALUE_TRUE -> Optional.of(true);
                    case VALUE_FALSE -> Optional.of(false);
                    default -> throw wrong(p, name);
                };
                case "attempt" -> attempt = integer(p, value, name);
                case "createdAt" -> createdAt = instant(text(p, value, name));
                case "updatedAt" -> updatedAt = instant(text(p, value, name));
                case "history" -> history = history(p, value);
                default -> p.skipChildren();
            }
        }
        return new TaskRecord(required(taskId, "taskId"), required(project, "project"), required(service, "service"),
                required(replica, "replica"), required(projectVersion, "projectVersion"),
                required(fingerprint, "fingerprint"), agentId, hostname, required(state, "state"),
                required(desired, "desired"), hostPorts, message, exitCode, healthy, required(attempt, "attempt"),
                required(createdAt, "createdAt"), required(updatedAt, "updatedAt"), history);
    }

    private static Map<String, Integer> ports(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(p, value, JsonToken.START_OBJECT, "hostPorts");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (JsonToken field = p.nextToken(); field != JsonToken.END_OBJECT; field = p.nextToken()) {
            String key = p.currentName();
            ports.put(key, integer(p, p.nextToken(), "hostPorts." + key));
        }
        return ports;
    }

    private static List<TaskRecord.Transition> history(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, value, JsonToken.START_ARRAY, "history");
        List<TaskRecord.Transition> history = new ArrayList<>();
        for (JsonToken entry = p.nextToken(); entry != JsonToken.END_ARRAY; entry = p.nextToken()) {
            expect(p, entry, JsonToken.START_OBJECT, "a history entry");
            String state = null;
            Instant at = null;
            Optional<String> reason = Optional.empty();
            for (JsonToken field = p.nextToken(); field != JsonToken.END_OBJECT; field = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "state" -> state = text(p, v, "history.state");
                    case "at" -> at = instant(text(p, v, "history.at"));
                    case "reason" -> reason = optionalText(p, v, "history.reason");
                    default -> p.skipChildren();
                }
            }
            history.add(new TaskRecord.Transition(required(state, "history.state"), required(at, "history.at"), reason));
        }
        return history;
    }

    private static String text(JsonParser p, JsonToken value, String name) throws IOException {
        expect(p, value, JsonToken.VALUE_STRING, name);
        return p.getText();
    }

    private static Optional<String> optionalText(JsonParser p, JsonToken value, String name) throws IOException {
        return value == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(text(p, value, name));
    }

    private static int integer(JsonParser p, JsonToken value, String name) throws IOException {
        expect(p, value, JsonToken.VALUE_NUMBER_INT, name);
        return p.getIntValue();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw wrong(p, what);
        }
    }

    private static StateStoreException wrong(JsonParser p, String what) {
        return unreadable("unexpected " + p.currentToken() + " for " + what, null);
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw unreadable("field " + name + " is missing", null);
        }
        return value;
    }

    private static StateStoreException unreadable(String why, Exception cause) {
        return new StateStoreException("stored TaskRecord is unreadable: " + why, cause);
    }

    /**
     * ISO-8601 in UTC as {@link Instant#toString} writes it ({@code 2026-11-30T14:55:51.733167660Z}), read without
     * the general formatter; any other form goes to {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
                || (n > 20 && (text.charAt(19) != '.' || n == 21))) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = digits(text, 20, n - 1);
            nanos = fraction * POWERS[9 - (n - 21)];
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || nanos < 0) {
            return Instant.parse(text); // what it refuses, or reads, is the general rule's business
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal number of text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
