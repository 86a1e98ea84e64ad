package io.mesoscompose.ha;

import java.time.Instant;

/** A change of this instance's role, published by {@link Leadership} in the order it happened. */
public sealed interface LeadershipEvent {

    Instant at();

    /** This instance leads now, as {@code epoch}: its term has started (the Mesos subscription follows). */
    record Elected(long epoch, Instant at) implements LeadershipEvent {}

    /** This instance stopped leading; its term has been stopped. */
    record SteppedDown(long epoch, String reason, Instant at) implements LeadershipEvent {}
}
