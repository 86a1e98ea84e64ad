package io.mesoscompose.compose;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose's byte units (binary multiples, as docker-compose's {@code units.RAMInBytes}). Pure. */
final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmgt]?)b?", Pattern.CASE_INSENSITIVE);

    private Units() {}

    /** Bytes of {@code 512k}, {@code 50M}, {@code 1gb}, {@code 100b} or a bare number of bytes. */
    static Optional<Long> bytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = value * (1L << shift);
        return bytes > Long.MAX_VALUE ? Optional.empty() : Optional.of((long) bytes);
    }

    /** MB (the unit Mesos uses); a bare number already is MB, as in the Go mesos-compose and the seed. */
    static Optional<Double> memoryMb(String text) {
        String s = text.strip();
        if (s.matches("\\d+(\\.\\d+)?")) {
            return Optional.of(Double.parseDouble(s));
        }
        return bytes(s).map(b -> b / (1024.0 * 1024.0));
    }
}
