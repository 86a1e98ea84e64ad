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

    /**
     * A bare memory number of at least this is bytes: 1 MiB. Below it a bare number is MB (the Go mesos-compose's
     * meaning: {@code memory: 50}); from it on it cannot mean MB (a terabyte per task) and is what compose means,
     * bytes ({@code 1073741824} is 1 GiB).
     */
    static final double BARE_BYTES_FROM = 1024.0 * 1024.0;

    /** MB (the unit Mesos uses): a bare number is MB below {@link #BARE_BYTES_FROM}, bytes from it on. */
    static Optional<Double> memoryMb(String text) {
        String s = text.strip();
        if (isBare(s)) {
            double n = Double.parseDouble(s);
            return Optional.of(n >= BARE_BYTES_FROM ? n / (1024.0 * 1024.0) : n);
        }
        return bytes(s).map(b -> b / (1024.0 * 1024.0));
    }

    /** Whether a bare memory number is taken as bytes (see {@link #BARE_BYTES_FROM}). */
    static boolean bareBytes(String text) {
        String s = text.strip();
        return isBare(s) && Double.parseDouble(s) >= BARE_BYTES_FROM;
    }

    private static boolean isBare(String s) {
        return s.matches("\\d+(\\.\\d+)?");
    }
}
