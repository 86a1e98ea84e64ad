package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordIOTest {

    private static RecordIO.Reader reader(String wire) {
        return new RecordIO.Reader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    @Test
    void readsTheExampleFromTheMesosDocs() throws IOException {
        // docs/recordio.md: "5\nhello6\nworld!"
        RecordIO.Reader r = reader("5\nhello6\nworld!");
        assertThat(new String(r.next().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(r.next().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("world!");
        assertThat(r.next()).isEmpty();
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordIO.write(out, new byte[0]);
        RecordIO.write(out, new byte[] {0, 10, 13, (byte) 255});
        RecordIO.Reader r = new RecordIO.Reader(new ByteArrayInputStream(out.toByteArray()), 16);
        assertThat(r.next().orElseThrow()).isEmpty();
        assertThat(r.next().orElseThrow()).containsExactly(0, 10, 13, 255);
        assertThat(r.next()).isEmpty();
    }

    @Test
    void rejectsBrokenFraming() {
        assertThatThrownBy(() -> reader("5\nhel").next()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("12").next()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("x\n").next()).hasMessageContaining("not a decimal");
        assertThatThrownBy(() -> reader("\nabc").next()).hasMessageContaining("empty length");
        assertThatThrownBy(() -> new RecordIO.Reader(new ByteArrayInputStream("99\n".getBytes(StandardCharsets.UTF_8)), 10).next())
                .hasMessageContaining("exceeds the limit");
    }

    /** Records are read into one array the reader keeps; what must stay is copied (next() does). */
    @Test
    void recordsAreReadIntoOneArrayReusedAndNextCopies() throws IOException {
        RecordIO.Reader r = reader("5\nhello3\nabc5\nworld");
        RecordIO.Record first = r.nextRecord().orElseThrow();
        byte[] kept = first.copy();
        RecordIO.Record second = r.nextRecord().orElseThrow();
        assertThat(second.bytes()).isSameAs(first.bytes());
        assertThat(new String(second.bytes(), 0, second.length(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(new String(kept, StandardCharsets.UTF_8)).isEqualTo("hello");
        byte[] third = r.next().orElseThrow();
        assertThat(third).isNotSameAs(first.bytes()).isEqualTo("world".getBytes(StandardCharsets.UTF_8));
        assertThat(r.nextRecord()).isEmpty();
    }

    /** A record longer than the reused array may grow to gets an array of its own; smaller ones still share one. */
    @Test
    void aVeryLongRecordGetsAnArrayOfItsOwn() throws IOException {
        int longer = RecordIO.Reader.REUSED_UP_TO + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordIO.write(out, new byte[] {1, 2});
        RecordIO.write(out, new byte[longer]);
        RecordIO.write(out, new byte[] {3});
        RecordIO.Reader r = new RecordIO.Reader(new ByteArrayInputStream(out.toByteArray()), 1 << 22);
        byte[] shared = r.nextRecord().orElseThrow().bytes();
        RecordIO.Record big = r.nextRecord().orElseThrow();
        assertThat(big.length()).isEqualTo(longer);
        assertThat(big.bytes()).isNotSameAs(shared).hasSize(longer);
        RecordIO.Record after = r.nextRecord().orElseThrow();
        assertThat(after.bytes()).isSameAs(shared);
        assertThat(after.copy()).containsExactly(3);
    }
}
