package nusi.transport;

import java.util.Locale;

/** Floating-point precision of a backend's device arithmetic (the CPU reference is always float64). */
public enum Precision { FP64, FP32;
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String s) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new nusi.physics.ParameterException(nusi.physics.Parameter.PRECISION.token() + " must be one of fp64, fp32; got '"
                + s + "'");
    }
}
