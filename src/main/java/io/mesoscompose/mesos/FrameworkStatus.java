package io.mesoscompose.mesos;

/**
 * What the leading master says about one framework ID, from its {@code /master/frameworks?framework_id=ID}
 * (Mesos' readonly_handler.cpp: {@code frameworks} lists the registered ones, {@code completed_frameworks} the
 * removed ones). The Go mesos-compose asks the same before it forgets its ID (api/V0FrameworkRemoveID.go).
 */
public sealed interface FrameworkStatus {

    /**
     * In {@code frameworks}: the master keeps the framework and its tasks (connected, or disconnected within its
     * failover timeout, or recovered from its agents after a master failover).
     */
    record Registered(boolean active, boolean connected) implements FrameworkStatus {}

    /** In {@code completed_frameworks}: torn down or removed after its failover timeout; its tasks were killed. */
    record Completed() implements FrameworkStatus {}

    /** In neither list: this master has never heard of it (or no longer remembers a completed one). */
    record Unknown() implements FrameworkStatus {}

    /** No master could be asked, or its answer was not understood. */
    record Unreachable(String reason) implements FrameworkStatus {}
}
