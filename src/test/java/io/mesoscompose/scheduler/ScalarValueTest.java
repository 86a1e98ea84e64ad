package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Mesos' scalar arithmetic (Apache Mesos src/common/values.cpp): values become whole thousandths with
 * {@code llround(value * 1000)} ({@code convertToFixed}), are compared and added as integers, and come back as
 * quotient plus remainder ({@code convertToFloating}).
 */
class ScalarValueTest {

    @Test
    void valuesRoundToThousandthsHalfAwayFromZero() {
        assertThat(ScalarValue.of(0.0005).thousandths()).isEqualTo(1);
        assertThat(ScalarValue.of(0.00049).thousandths()).isZero();
        assertThat(ScalarValue.of(-0.0005).thousandths()).isEqualTo(-1);
        assertThat(ScalarValue.of(2.5).thousandths()).isEqualTo(2500);
        assertThat(ScalarValue.of(0.1)).isEqualTo(new ScalarValue(100));
    }

    @Test
    void sumsAndDifferencesAreExact() {
        assertThat(ScalarValue.of(0.1).plus(ScalarValue.of(0.2)).toDouble()).isEqualTo(0.3);
        ScalarValue left = ScalarValue.of(1.0);
        for (int i = 0; i < 10; i++) {
            left = left.minus(ScalarValue.of(0.1));
        }
        assertThat(left).isEqualTo(ScalarValue.ZERO);
    }

    @Test
    void gpusCountOnlyWholeUnits() {
        assertThat(ScalarValue.of(2.999).wholeUnits()).isEqualTo(ScalarValue.of(2));
    }

    @Property
    void aFixedValueSurvivesTheTripThroughADouble(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long t) {
        assertThat(ScalarValue.of(new ScalarValue(t).toDouble())).isEqualTo(new ScalarValue(t));
    }

    @Property
    void takingNPartsOfAnAmountLeavesExactlyTheRest(@ForAll @IntRange(min = 1, max = 5000) int parts,
                                                     @ForAll @IntRange(min = 1, max = 100_000) int partThousandths) {
        ScalarValue part = new ScalarValue(partThousandths);
        ScalarValue total = ScalarValue.of((double) parts * partThousandths / 1000.0);
        ScalarValue left = total;
        for (int i = 0; i < parts; i++) {
            assertThat(left.atLeast(part)).isTrue();
            left = left.minus(ScalarValue.of(part.toDouble()));
        }
        assertThat(left).isEqualTo(ScalarValue.ZERO);
    }
}
