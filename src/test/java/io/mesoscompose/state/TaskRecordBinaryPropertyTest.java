package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a task record holds, its bytes read back as the same record, alone or among others sharing strings,
 * and bytes cut short or followed by more are refused rather than misread.
 */
class TaskRecordBinaryPropertyTest {

    /**
     * Well-formed text, as every string of a record is (task IDs, names and Mesos' messages come from protobuf
     * strings, which are UTF-8): any character of the basic plane but lone surrogates, and pairs that make a
     * character beyond it.
     */
    private static Arbitrary<String> text() {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(12);
        Arbitrary<String> beyond = Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)
                .map(Character::toString);
        return Arbitraries.oneOf(bmp, bmp, Arbitraries.of("", "TASK_RUNNING", "bench"), beyond,
                Combinators.combine(bmp, beyond, bmp).as((a, b, c) -> a + b + c));
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                        .edgeCases(e -> e.add(0L)),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    private record Ids(String taskId, String project, String service, int replica, long projectVersion,
                       String fingerprint, Optional<String> agentId, Optional<String> hostname) {}

    private record Status(String state, TaskRecord.Desired desired, Map<String, Integer> hostPorts,
                          Optional<String> message, Optional<Integer> exitCode, Optional<Boolean> healthy, int attempt) {}

    private record Times(Instant createdAt, Instant updatedAt, List<TaskRecord.Transition> history) {}

    @Provide
    Arbitrary<TaskRecord> records() {
        Arbitrary<Ids> ids = Combinators.combine(text(), text(), text(), Arbitraries.integers(), Arbitraries.longs(),
                text(), text().optional(), text().optional()).as(Ids::new);
        Arbitrary<Status> status = Combinators.combine(text(), Arbitraries.of(TaskRecord.Desired.class),
                Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(4), text().optional(),
                Arbitraries.integers().optional(), Arbitraries.of(true, false).optional(), Arbitraries.integers())
                .as(Status::new);
        Arbitrary<TaskRecord.Transition> transition = Combinators.combine(text(), instants(), text().optional())
                .as(TaskRecord.Transition::new);
        Arbitrary<Times> times = Combinators.combine(instants(), instants(),
                transition.list().ofMaxSize(TaskRecord.HISTORY_LIMIT + 3)).as(Times::new);
        return Combinators.combine(ids, status, times).as((i, s, t) -> new TaskRecord(i.taskId(), i.project(),
                i.service(), i.replica(), i.projectVersion(), i.fingerprint(), i.agentId(), i.hostname(), s.state(),
                s.desired(), s.hostPorts(), s.message(), s.exitCode(), s.healthy(), s.attempt(), t.createdAt(),
                t.updatedAt(), t.history()));
    }

    @Property(tries = 500)
    void aRecordReadsBackExactly(@ForAll("records") TaskRecord record) {
        assertThat(TaskRecordBinary.decode(TaskRecordBinary.encode(record))).isEqualTo(record);
    }

    @Property(tries = 100)
    void recordsReadTogetherShareStringsAndStayExact(@ForAll("records") TaskRecord a, @ForAll("records") TaskRecord b) {
        Map<String, String> seen = new HashMap<>();
        List<TaskRecord> read = List.of(a, b, a).stream()
                .map(t -> TaskRecordBinary.decode(TaskRecordBinary.encode(t), seen)).toList();
        assertThat(read).containsExactly(a, b, a);
        assertThat(read.get(2).project()).isSameAs(read.get(0).project());
        assertThat(read.get(2).taskId()).as("task IDs are unique: not kept").isNotSameAs(read.get(0).taskId());
    }

    @Property(tries = 200)
    void bytesCutShortAreRefused(@ForAll("records") TaskRecord record, @ForAll @IntRange(max = 1_000) int cut) {
        byte[] bytes = TaskRecordBinary.encode(record);
        byte[] shorter = Arrays.copyOf(bytes, cut % bytes.length);
        assertThatThrownBy(() -> TaskRecordBinary.decode(shorter)).isInstanceOf(StateStoreException.class)
                .hasMessageStartingWith("stored TaskRecord is unreadable: ");
    }

    @Example
    void aLaterLayoutIsRefusedClearly() {
        byte[] bytes = TaskRecordBinary.encode(StoredByVersionOne.FAILED);
        bytes[0] = TaskRecordBinary.FORMAT + 1;
        assertThatThrownBy(() -> TaskRecordBinary.decode(bytes)).isInstanceOf(StateStoreException.class)
                .hasMessage("stored TaskRecord is unreadable: unknown layout 2 (written by a newer mesos-compose?)");
    }

    @Example
    void aRecordIsAboutAThirdOfItsJson() {
        assertThat(TaskRecordBinary.encode(StoredByVersionOne.STAGING).length)
                .isLessThan(TaskRecordJson.encode(StoredByVersionOne.STAGING).length() / 2);
    }

    @Property(tries = 100)
    void bytesFollowedByMoreAreRefused(@ForAll("records") TaskRecord record, @ForAll byte extra) {
        byte[] bytes = TaskRecordBinary.encode(record);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        longer[bytes.length] = extra;
        assertThatThrownBy(() -> TaskRecordBinary.decode(longer)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("1 bytes after the record");
    }
}
