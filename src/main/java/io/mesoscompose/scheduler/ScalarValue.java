package io.mesoscompose.scheduler;

/**
 * A scalar resource amount in Mesos' fixed point: whole thousandths. The master keeps three decimals and compares and
 * adds in integers (Apache Mesos src/common/values.cpp: {@code convertToFixed} is {@code llround(value * 1000)},
 * {@code convertToFloating} divides back), so arithmetic here gives exactly the master's answer: what fits here fits
 * there, and nothing drifts after many subtractions. Pure and immutable.
 *
 * @param thousandths the amount times 1000, rounded half away from zero as {@code llround} rounds
 */
record ScalarValue(long thousandths) implements Comparable<ScalarValue> {

    static final ScalarValue ZERO = new ScalarValue(0);

    /** Mesos' {@code convertToFixed}. */
    static ScalarValue of(double value) {
        double scaled = value * 1000;
        long rounded = Math.round(Math.abs(scaled));
        return new ScalarValue(scaled < 0 ? -rounded : rounded);
    }

    /** Mesos' {@code convertToFloating}: integer quotient plus remainder, so the double is the closest to it. */
    double toDouble() {
        return (double) (thousandths / 1000) + (double) (thousandths % 1000) / 1000.0;
    }

    ScalarValue plus(ScalarValue other) {
        return new ScalarValue(Math.addExact(thousandths, other.thousandths));
    }

    ScalarValue minus(ScalarValue other) {
        return new ScalarValue(Math.subtractExact(thousandths, other.thousandths));
    }

    ScalarValue min(ScalarValue other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /** The whole units in this amount, rounded down (for gpus, which Mesos takes only whole). */
    ScalarValue wholeUnits() {
        return new ScalarValue(thousandths - thousandths % 1000);
    }

    boolean isPositive() {
        return thousandths > 0;
    }

    boolean atLeast(ScalarValue other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ScalarValue other) {
        return Long.compare(thousandths, other.thousandths);
    }

    @Override
    public String toString() {
        return Double.toString(toDouble());
    }
}
