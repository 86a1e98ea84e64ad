package io.mesoscompose.simulator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.simulator.validation.CallValidation;
import io.mesoscompose.simulator.validation.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The request checks of the master's scheduler endpoint ({@code Master::Http::scheduler}, src/master/http.cpp)
 * that need nothing but the request: method, {@code Content-Type}, the body, {@link CallValidation}, the
 * {@code Accept} of a SUBSCRIBE and its missing stream ID. Statuses and texts are the master's. Pure.
 */
final class SchedulerHttp {

    static final String JSON = "application/json";
    static final String PROTOBUF = "application/x-protobuf";

    private SchedulerHttp() {}

    /** The outcome of reading a request. */
    sealed interface Read {
        /** Answer at once with this status and text. */
        record Refused(int status, String body) implements Read {}

        /** A valid call; {@code jsonOut} is the SUBSCRIBE stream's format (true: JSON). */
        record Valid(Call call, boolean jsonOut) implements Read {}
    }

    /**
     * @param contentType   the request's {@code Content-Type}, if any
     * @param accept        its {@code Accept}, if any
     * @param hasStreamId   whether it carries {@code Mesos-Stream-Id}
     * @param principal     the authenticated principal, if any
     */
    static Read read(String method, Optional<String> contentType, Optional<String> accept, boolean hasStreamId,
            byte[] body, Optional<String> principal) {
        if (!method.equals("POST")) {
            return new Read.Refused(405, "405 Method Not Allowed. Expecting one of { 'POST' }, but received '"
                    + method + "'.");
        }
        if (contentType.isEmpty()) {
            return new Read.Refused(400, "Expecting 'Content-Type' to be present");
        }
        Call call;
        if (contentType.get().equals(PROTOBUF)) {
            try {
                call = Call.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                return new Read.Refused(400, "Failed to parse body into Call protobuf");
            }
        } else if (contentType.get().equals(JSON)) {
            Call.Builder b = Call.newBuilder();
            try {
                JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), b);
            } catch (InvalidProtocolBufferException e) {
                return new Read.Refused(400, "Failed to convert JSON into Call protobuf: " + e.getMessage());
            }
            call = b.build();
        } else {
            return new Read.Refused(415, "Expecting 'Content-Type' of " + JSON + " or " + PROTOBUF);
        }
        Optional<ValidationError> invalid = CallValidation.validate(call, principal);
        if (invalid.isPresent()) {
            return new Read.Refused(400, "Failed to validate scheduler::Call: " + invalid.get().message());
        }
        boolean jsonOut = true;
        if (call.getType() == Call.Type.SUBSCRIBE || call.getType() == Call.Type.RECONCILE_OPERATIONS) {
            if (acceptsMediaType(accept, JSON)) {
                jsonOut = true;
            } else if (acceptsMediaType(accept, PROTOBUF)) {
                jsonOut = false;
            } else {
                return new Read.Refused(406, "Expecting 'Accept' to allow '" + PROTOBUF + "' or '" + JSON + "'");
            }
        }
        if (call.getType() == Call.Type.SUBSCRIBE && hasStreamId) {
            return new Read.Refused(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
        }
        return new Read.Valid(call, jsonOut);
    }

    /**
     * libprocess' {@code Request::acceptsMediaType} (RFC 2616 14.1): no header accepts everything; otherwise
     * {@code type/subtype}, then {@code type/*}, then {@code * /*}, unless its {@code q} is 0.
     */
    static boolean acceptsMediaType(Optional<String> header, String mediaType) {
        String[] parts = mediaType.split("/");
        if (parts.length != 2) {
            return false;
        }
        if (header.isEmpty()) {
            return true;
        }
        String name = header.get().replace(" ", "").replace("\t", "").replace("\n", "");
        for (String candidate : new String[] {mediaType, parts[0] + "/*", "*/*"}) {
            for (String type : name.split(",")) {
                String[] tokens = type.split(";");
                if (type.isEmpty() || tokens.length == 0
                        || !tokens[0].toLowerCase(Locale.ROOT).equals(candidate.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                Optional<String> q = Optional.empty();
                int qs = 0;
                for (int i = 1; i < tokens.length; i++) {
                    String[] kv = tokens[i].split("=", -1);
                    if (kv[0].equals("q")) {
                        qs++;
                        q = kv.length == 2 ? Optional.of(kv[1]) : Optional.empty();
                    }
                }
                if (qs != 1 || q.isEmpty()) {
                    return true;
                }
                try {
                    return Double.parseDouble(q.get()) > 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
