package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A JSON value made when it is first needed (written out in an answer, compared), then kept; written and read as the
 * value itself. For a part of an answer that is costly to make and that most readers of its object never ask for:
 * a service's TaskInfo template in protobuf's JSON form ({@link PlannedService#taskInfo}) is only in a project's
 * detail, while the same {@link ProjectInfo} serves every read of counts.
 */
public final class DeferredJson {

    private final Supplier<JsonNode> make;
    private volatile JsonNode value; // kept once made; two threads asking at once may both make it, the same value

    private DeferredJson(Supplier<JsonNode> make) {
        this.make = make;
    }

    /** The value {@code make} returns, made on the first {@link #get}. {@code make} must return the same each time. */
    public static DeferredJson of(Supplier<JsonNode> make) {
        return new DeferredJson(Objects.requireNonNull(make));
    }

    /** A value there is already (one read from JSON, say). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DeferredJson of(JsonNode value) {
        Objects.requireNonNull(value);
        DeferredJson made = new DeferredJson(() -> value);
        made.value = value;
        return made;
    }

    @JsonValue
    public JsonNode get() {
        JsonNode v = value;
        if (v == null) {
            v = Objects.requireNonNull(make.get(), "a deferred JSON value was made as null");
            value = v;
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeferredJson other && get().equals(other.get());
    }

    @Override
    public int hashCode() {
        return get().hashCode();
    }

    @Override
    public String toString() {
        return get().toString();
    }
}
