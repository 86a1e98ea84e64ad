package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksEveryOccurrenceOfARememberedValue() {
        Redaction r = new Redaction();
        r.remember("hunter22");

        assertThat(r.mask("pw=hunter22, again hunter22.")).isEqualTo("pw=****, again ****.");
        assertThat(r.mask("nothing here")).isEqualTo("nothing here");
        assertThat(r.mask(null)).isNull();
    }

    @Test
    void aLongerValueContainingAShorterOneIsMaskedWhole() {
        Redaction r = new Redaction();
        r.remember("abcd");
        r.remember("abcdefgh");

        assertThat(r.mask("x abcdefgh y abcd")).isEqualTo("x **** y ****");
    }

    @Test
    void veryShortValuesAreNotMasked() {
        Redaction r = new Redaction();
        r.remember("on");
        r.remember("");
        r.remember(null);

        assertThat(r.mask("option on")).isEqualTo("option on");
    }

    @Test
    void keepsTheMostRecentValuesWhenFull() {
        Redaction r = new Redaction();
        r.remember("first-value");
        for (int i = 0; i < Redaction.CAPACITY; i++) {
            r.remember("value-" + i);
        }

        assertThat(r.mask("first-value")).isEqualTo("first-value");
        assertThat(r.mask("value-" + (Redaction.CAPACITY - 1))).isEqualTo("****");
    }

    @Test
    void maskValuesIsPure() {
        assertThat(Redaction.maskValues("a s3cr3t b", List.of("s3cr3t"))).isEqualTo("a **** b");
        assertThat(Redaction.maskValues("a s3cr3t b", List.of())).isEqualTo("a s3cr3t b");
    }
}
