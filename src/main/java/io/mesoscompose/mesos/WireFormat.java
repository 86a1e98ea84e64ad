package io.mesoscompose.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * How calls and events are encoded on the wire: binary protobuf (the default, smaller and faster to parse) or JSON
 * with the proto field names, as the master accepts either ({@code Content-Type}) and answers in the
 * {@code Accept}ed one. Bytes fields (uuid, data) are base64 in JSON, as the master expects.
 */
public enum WireFormat {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final String mediaType;

    WireFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    byte[] encode(Call call) {
        if (this == PROTOBUF) {
            return call.toByteArray();
        }
        try {
            return PRINTER.print(call).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("call cannot be printed as JSON: " + e.getMessage(), e);
        }
    }

    /** The event a record holds; nothing of the event refers to the record's array, which the reader fills again. */
    Event decode(RecordIO.Record record) throws InvalidProtocolBufferException {
        if (this == PROTOBUF) {
            // Parsed from an array, bytes and string fields are copied: protobuf aliases only a buffer known immutable.
            return Event.parser().parseFrom(record.bytes(), 0, record.length());
        }
        Event.Builder event = Event.newBuilder();
        PARSER.merge(new String(record.bytes(), 0, record.length(), StandardCharsets.UTF_8), event);
        return event.build();
    }
}
