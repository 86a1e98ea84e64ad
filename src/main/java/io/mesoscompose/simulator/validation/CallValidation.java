package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The {@code scheduler::call} namespace of Apache Mesos' src/master/validation.cpp: a scheduler Call on its own,
 * before the master looks anything up. The HTTP handler answers an error with 400 and "Failed to validate
 * scheduler::Call: " in front. Pure.
 */
public final class CallValidation {

    private CallValidation() {}

    /**
     * {@code scheduler::call::validate}: a type; SUBSCRIBE with a subscribe whose FrameworkInfo ID equals the
     * call's framework ID (both may be absent); any other call with a framework ID and its own message; an
     * ACKNOWLEDGE with a real UUID.
     *
     * @param principal the authenticated principal, if the request carried credentials
     */
    public static Optional<ValidationError> validate(Call call, Optional<String> principal) {
        if (!call.hasType()) {
            return error("Expecting 'type' to be present");
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (!call.hasSubscribe()) {
                return error("Expecting 'subscribe' to be present");
            }
            FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
            if (!info.getId().getValue().equals(call.getFrameworkId().getValue())) {
                return error("'framework_id' differs from 'subscribe.framework_info.id'");
            }
            if (principal.isPresent() && info.hasPrincipal() && !principal.get().equals(info.getPrincipal())) {
                return error("Authenticated principal '" + principal.get() + "' does not match principal '"
                        + info.getPrincipal() + "' set in `FrameworkInfo`");
            }
            return Optional.empty();
        }
        if (!call.hasFrameworkId()) {
            return error("Expecting 'framework_id' to be present");
        }
        return switch (call.getType()) {
            case ACCEPT -> present(call.hasAccept(), "accept");
            case DECLINE -> present(call.hasDecline(), "decline");
            case ACCEPT_INVERSE_OFFERS -> present(call.hasAcceptInverseOffers(), "accept_inverse_offers");
            case DECLINE_INVERSE_OFFERS -> present(call.hasDeclineInverseOffers(), "decline_inverse_offers");
            case KILL -> present(call.hasKill(), "kill");
            case SHUTDOWN -> present(call.hasShutdown(), "shutdown");
            case ACKNOWLEDGE -> present(call.hasAcknowledge(), "acknowledge")
                    .or(() -> uuid(call.getAcknowledge().getUuid()));
            case ACKNOWLEDGE_OPERATION_STATUS -> present(call.hasAcknowledgeOperationStatus(),
                    "acknowledge_operation_status")
                    .or(() -> uuid(call.getAcknowledgeOperationStatus().getUuid()))
                    .or(() -> call.getAcknowledgeOperationStatus().hasAgentId() ? Optional.empty()
                            : error("Expecting 'agent_id' to be present"));
            case RECONCILE -> present(call.hasReconcile(), "reconcile");
            case RECONCILE_OPERATIONS -> present(call.hasReconcileOperations(), "reconcile_operations");
            case MESSAGE -> present(call.hasMessage(), "message");
            case REQUEST -> present(call.hasRequest(), "request");
            case UPDATE_FRAMEWORK -> present(call.hasUpdateFramework(), "update_framework")
                    .or(() -> call.getFrameworkId().equals(call.getUpdateFramework().getFrameworkInfo().getId())
                            ? Optional.empty()
                            : error("'framework_id' differs from 'update_framework.framework_info.id'"));
            case SUBSCRIBE, TEARDOWN, REVIVE, SUPPRESS, UNKNOWN -> Optional.empty();
        };
    }

    private static Optional<ValidationError> present(boolean present, String field) {
        return present ? Optional.empty() : error("Expecting '" + field + "' to be present");
    }

    /**
     * {@code id::UUID::fromBytes} (stout): 16 bytes whose version nibble is one boost knows (1 to 5); the status
     * updates of agents and the master carry random (version 4) UUIDs.
     */
    static Optional<ValidationError> uuid(ByteString bytes) {
        if (bytes.size() != 16) {
            return error("Not a valid UUID");
        }
        int version = (bytes.byteAt(6) >> 4) & 0x0f;
        if (version < 1 || version > 5) {
            return error("Not a valid UUID");
        }
        return Optional.empty();
    }
}
