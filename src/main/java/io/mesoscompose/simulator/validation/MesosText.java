package io.mesoscompose.simulator.validation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Mesos' text forms ({@code stringify}) of the values its error messages embed, so our messages match the real
 * ones byte for byte: the {@code operator<<} overloads of src/v1/resources.cpp and src/v1/values.cpp, stout's
 * {@code Bytes} and {@code stringify(double)}.
 */
public final class MesosText {

    private MesosText() {}

    /** {@code operator<<(ostream&, const Resource&)} in src/v1/resources.cpp, e.g. {@code cpus(allocated: *):0.5}. */
    public static String resource(Resource r) {
        StringBuilder s = new StringBuilder(r.getName());
        if (r.hasAllocationInfo()) {
            s.append("(allocated: ").append(r.getAllocationInfo().getRole()).append(')');
        }
        if (r.getReservationsCount() > 0) {
            s.append("(reservations: [");
            for (int i = 0; i < r.getReservationsCount(); i++) {
                if (i > 0) {
                    s.append(", ");
                }
                s.append('(').append(reservation(r.getReservations(i))).append(')');
            }
            s.append("])");
        }
        if (r.hasDisk()) {
            s.append('[').append(disk(r.getDisk())).append(']');
        }
        if (r.hasRevocable()) {
            s.append("{REV}");
        }
        if (r.hasShared()) {
            s.append("<SHARED>");
        }
        s.append(':');
        switch (r.getType()) {
            case SCALAR -> s.append(scalar(r.getScalar().getValue()));
            case RANGES -> s.append(ranges(r.getRanges()));
            case SET -> s.append(set(r.getSet()));
            case TEXT -> { }
        }
        return s.toString();
    }

    /** {@code operator<<(ostream&, const Resources&)}: resources joined by "; ", or "{}". */
    public static String resources(List<Resource> resources) {
        if (resources.isEmpty()) {
            return "{}";
        }
        return resources.stream().map(MesosText::resource).collect(Collectors.joining("; "));
    }

    /**
     * {@code operator<<(ostream&, const Value::Scalar&)}: the value kept to three decimals (Mesos' fixed point),
     * printed with 15 significant digits and no trailing zeros.
     */
    public static String scalar(double value) {
        return number(MesosResources.floating(MesosResources.fixed(value)));
    }

    /** {@code operator<<(ostream&, const Value::Ranges&)}, e.g. {@code [31000-31999, 33000-33000]}. */
    public static String ranges(Value.Ranges ranges) {
        return ranges.getRangeList().stream().map(r -> r.getBegin() + "-" + r.getEnd())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code operator<<(ostream&, const Value::Set&)}, e.g. {@code {a, b}}. */
    public static String set(Value.Set set) {
        return set.getItemList().stream().collect(Collectors.joining(", ", "{", "}"));
    }

    /** stout's {@code stringify(double)}: an ostream's default format, 6 significant digits. */
    public static String number(double value, int significantDigits) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value).round(new MathContext(significantDigits)).stripTrailingZeros().toPlainString();
    }

    static String number(double value) {
        return number(value, 15);
    }

    /** stout's {@code operator<<(ostream&, const Bytes&)}: the largest unit that divides evenly, e.g. 32MB. */
    public static String bytes(long bytes) {
        long kb = 1024, mb = kb * 1024, gb = mb * 1024, tb = gb * 1024;
        if (bytes == 0) {
            return "0B";
        } else if (bytes % tb == 0) {
            return bytes / tb + "TB";
        } else if (bytes % gb == 0) {
            return bytes / gb + "GB";
        } else if (bytes % mb == 0) {
            return bytes / mb + "MB";
        } else if (bytes % kb == 0) {
            return bytes / kb + "KB";
        }
        return bytes + "B";
    }

    private static String reservation(ReservationInfo r) {
        StringBuilder s = new StringBuilder(r.getType().name()).append(',').append(r.getRole());
        if (r.hasPrincipal()) {
            s.append(',').append(r.getPrincipal());
        }
        if (r.hasLabels()) {
            s.append(',').append(labels(r.getLabels()));
        }
        return s.toString();
    }

    static String labels(Labels labels) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < labels.getLabelsCount(); i++) {
            Label l = labels.getLabels(i);
            s.append(l.getKey());
            if (l.hasValue()) {
                s.append(": ").append(l.getValue());
            }
            if (i + 1 < labels.getLabelsCount()) {
                s.append(", ");
            }
        }
        return s.append('}').toString();
    }

    private static String disk(DiskInfo disk) {
        StringBuilder s = new StringBuilder();
        if (disk.hasSource()) {
            s.append(source(disk.getSource()));
        }
        if (disk.hasPersistence()) {
            if (disk.hasSource()) {
                s.append(',');
            }
            s.append(disk.getPersistence().getId());
        }
        if (disk.hasVolume()) {
            s.append(':').append(volume(disk.getVolume()));
        }
        return s.toString();
    }

    private static String source(DiskInfo.Source source) {
        String csi = source.hasId() || source.hasProfile()
                ? "(" + source.getVendor() + "," + source.getId() + "," + source.getProfile() + ")" : null;
        return switch (source.getType()) {
            case MOUNT -> "MOUNT" + (csi != null ? csi
                    : source.getMount().hasRoot() ? ":" + source.getMount().getRoot() : "");
            case PATH -> "PATH" + (csi != null ? csi
                    : source.getPath().hasRoot() ? ":" + source.getPath().getRoot() : "");
            case BLOCK -> "BLOCK" + (csi != null ? csi : "");
            case RAW -> "RAW" + (csi != null ? csi : "");
            case UNKNOWN -> "UNKNOWN";
        };
    }

    private static String volume(Volume volume) {
        String config = volume.getContainerPath();
        if (volume.hasHostPath()) {
            config = volume.getHostPath() + ":" + config;
            if (volume.hasMode()) {
                config += volume.getMode() == Volume.Mode.RO ? ":ro" : ":rw";
            }
        }
        return config;
    }
}
