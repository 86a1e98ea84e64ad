package io.mesoscompose.state;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TaskRecord} as compact bytes, the embedded store's form since its schema version 2: about a third of the
 * JSON's size, and written and read several times faster (no text for numbers and instants, no field names), which
 * is what a launch of many tasks and a restart's read of all of them pay for.
 *
 * <p>Layout, version {@value #FORMAT} (the first byte; a later layout takes the next number and this class keeps
 * reading this one): the fields in the record's order, strings as a length (varint) and UTF-8, whole numbers as
 * varints (zig-zag for signed ones), instants as zig-zag seconds and nano-of-second, one flags byte saying which
 * optionals are present, {@code desired} as {@code 0} (RUN) or {@code 1} (KILL), host ports and transitions each
 * after their count.
 */
final class TaskRecordBinary {

    static final byte FORMAT = 1;

    private static final int AGENT = 1;
    private static final int HOSTNAME = 1 << 1;
    private static final int MESSAGE = 1 << 2;
    private static final int EXIT_CODE = 1 << 3;
    private static final int HEALTH_KNOWN = 1 << 4;
    private static final int HEALTHY = 1 << 5;

    private TaskRecordBinary() {}

    static byte[] encode(TaskRecord t) {
        Writer w = Writer.of();
        w.b(FORMAT);
        w.string(t.taskId());
        w.string(t.project());
        w.string(t.service());
        w.signed(t.replica());
        w.signed(t.projectVersion());
        w.string(t.fingerprint());
        w.b((t.agentId().isPresent() ? AGENT : 0) | (t.hostname().isPresent() ? HOSTNAME : 0)
                | (t.message().isPresent() ? MESSAGE : 0) | (t.exitCode().isPresent() ? EXIT_CODE : 0)
                | (t.healthy().isPresent() ? HEALTH_KNOWN : 0) | (t.healthy().orElse(false) ? HEALTHY : 0));
        t.agentId().ifPresent(w::string);
        t.hostname().ifPresent(w::string);
        w.string(t.state());
        w.b(switch (t.desired()) {
            case RUN -> 0;
            case KILL -> 1;
        });
        w.unsigned(t.hostPorts().size());
        for (Map.Entry<String, Integer> port : t.hostPorts().entrySet()) {
            w.string(port.getKey());
            w.signed(port.getValue());
        }
        t.message().ifPresent(w::string);
        t.exitCode().ifPresent(w::signed);
        w.signed(t.attempt());
        w.instant(t.createdAt());
        w.instant(t.updatedAt());
        w.unsigned(t.history().size());
        for (TaskRecord.Transition h : t.history()) {
            w.string(h.state());
            w.instant(h.at());
            w.b(h.reason().isPresent() ? 1 : 0);
            h.reason().ifPresent(w::string);
        }
        return w.bytes();
    }

    /** Reads a record; bytes that are not one (cut short, a later layout, garbage) are refused, never misread. */
    static TaskRecord decode(byte[] bytes) {
        return decode(bytes, new HashMap<>());
    }

    /**
     * Reads a record, taking its strings other than the task ID from {@code seen} when an equal one is there (and
     * adding them otherwise): the records of a restart's read share their project, service, fingerprint, agent
     * and state names, and one copy of each keeps 100,000 records about a third smaller.
     */
    static TaskRecord decode(byte[] bytes, Map<String, String> seen) {
        Reader r = new Reader(bytes, seen);
        try {
            int format = r.b();
            if (format != FORMAT) {
                throw unreadable("unknown layout " + format + " (written by a newer mesos-compose?)", null);
            }
            String taskId = r.string();
            String project = r.shared();
            String service = r.shared();
            int replica = r.int32();
            long projectVersion = r.signed();
            String fingerprint = r.shared();
            int flags = r.b();
            Optional<String> agentId = (flags & AGENT) != 0 ? Optional.of(r.shared()) : Optional.empty();
            Optional<String> hostname = (flags & HOSTNAME) != 0 ? Optional.of(r.shared()) : Optional.empty();
            String state = r.shared();
            TaskRecord.Desired desired = switch (r.b()) {
                case 0 -> TaskRecord.Desired.RUN;
                case 1 -> TaskRecord.Desired.KILL;
                default -> throw unreadable("unknown desired state", null);
            };
            int portCount = r.count();
            Map<String, Integer> hostPorts = new LinkedHashMap<>();
            for (int i = 0; i < portCount; i++) {
                hostPorts.put(r.shared(), r.int32());
            }
            Optional<String> message = (flags & MESSAGE) != 0 ? Optional.of(r.shared()) : Optional.empty();
            Optional<Integer> exitCode = (flags & EXIT_CODE) != 0 ? Optional.of(r.int32()) : Optional.empty();
            Optional<Boolean> healthy = (flags & HEALTH_KNOWN) != 0 ? Optional.of((flags & HEALTHY) != 0) : Optional.empty();
            int attempt = r.int32();
            Instant createdAt = r.instant();
            Instant updatedAt = r.instant();
            int transitions = r.count();
            List<TaskRecord.Transition> history = new ArrayList<>(transitions);
            for (int i = 0; i < transitions; i++) {
                String s = r.shared();
                Instant at = r.instant();
                at = at.equals(createdAt) ? createdAt : at.equals(updatedAt) ? updatedAt : at;
                Optional<String> reason = r.b() != 0 ? Optional.of(r.shared()) : Optional.empty();
                history.add(new TaskRecord.Transition(s, at, reason));
            }
            if (!r.atEnd()) {
                throw unreadable((bytes.length - r.pos) + " bytes after the record", null);
            }
            return new TaskRecord(taskId, project, service, replica, projectVersion, fingerprint, agentId, hostname,
                    state, desired, hostPorts, message, exitCode, healthy, attempt, createdAt, updatedAt, history);
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw unreadable("cut short", e);
        } catch (DateTimeException | ArithmeticException e) {
            throw unreadable(e.getMessage(), e);
        }
    }

    private static StateStoreException unreadable(String why, Exception cause) {
        return new StateStoreException("stored TaskRecord is unreadable: " + why, cause);
    }

    /** A growing byte array. */
    private static final class Writer {
        /**
         * One writer per thread, its buffer used again: the loop encodes every record it commits (a launch of
         * 100,000 tasks, about 300,000), and a new buffer grown in steps each time was a tenth of what it allocated.
         */
        private static final ThreadLocal<Writer> MINE = ThreadLocal.withInitial(Writer::new);
        /** A buffer grown past this (a record with a long message) is not kept for the next record. */
        private static final int KEEP_AT_MOST = 16 * 1024;

        private byte[] buf = new byte[512];
        private int pos;

        static Writer of() {
            Writer w = MINE.get();
            if (w.buf.length > KEEP_AT_MOST) {
                w.buf = new byte[512];
            }
            w.pos = 0;
            return w;
        }

        void b(int value) {
            room(1);
            buf[pos++] = (byte) value;
        }

        void unsigned(long value) {
            room(10);
            while ((value & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buf[pos++] = (byte) value;
        }

        void signed(long value) {
            unsigned((value << 1) ^ (value >> 63));
        }

        void string(String s) {
            int n = s.length();
            if (ascii(s, n)) { // IDs, names, states: their UTF-8 is their characters, written without a copy
                unsigned(n);
                room(n);
                for (int i = 0; i < n; i++) {
                    buf[pos++] = (byte) s.charAt(i);
                }
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            unsigned(utf8.length);
            room(utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        private static boolean ascii(String s, int n) {
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        void instant(Instant at) {
            signed(at.getEpochSecond());
            unsigned(at.getNano());
        }

        private void room(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads what {@link Writer} wrote; running past the end throws {@link ArrayIndexOutOfBoundsException}. */
    private static final class Reader {
        private final byte[] buf;
        private final Map<String, String> seen;
        private int pos;

        Reader(byte[] buf, Map<String, String> seen) {
            this.buf = buf;
            this.seen = seen;
        }

        int b() {
            return buf[pos++] & 0xFF;
        }

        long unsigned() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[pos++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw unreadable("a number longer than 64 bits", null);
        }

        long signed() {
            long zigzag = unsigned();
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }

        int int32() {
            return Math.toIntExact(signed());
        }

        /** A count or a length: not more than there are bytes left (so garbage cannot ask for gigabytes). */
        int count() {
            long n = unsigned();
            if (n > buf.length - pos) {
                throw unreadable("a count of " + n + " with " + (buf.length - pos) + " bytes left", null);
            }
            return (int) n;
        }

        String string() {
            int n = count();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        String shared() {
            String s = string();
            String known = seen.putIfAbsent(s, s);
            return known != null ? known : s;
        }

        Instant instant() {
            long seconds = signed();
            long nanos = unsigned();
            if (nanos > 999_999_999L) {
                throw unreadable("nano-of-second " + nanos, null);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        boolean atEnd() {
            return pos == buf.length;
        }
    }
}
