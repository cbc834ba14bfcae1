package nusi.physics;

/** Checks for parameters at the edges of the model; messages name the parameter and the accepted range. */
public final class Validation {
    private Validation() {
    }

    public static double requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
        return value;
    }

    public static double requirePositiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
        return value;
    }

    public static double requireNonNegativeFinite(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    public static double requireInRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** As {@link #requireFinite(String, double)} for a library parameter (its token in the message). */
    public static double requireFinite(Parameter p, double value) {
        if (!Double.isFinite(value)) {
            throw new ParameterException(p.token() + " must be a finite number, got " + value);
        }
        return value;
    }

    public static double requireInRange(Parameter p, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new ParameterException(p.token() + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    public static int requireInRange(Parameter p, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new ParameterException(p.token() + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    public static int requireInRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }
}
