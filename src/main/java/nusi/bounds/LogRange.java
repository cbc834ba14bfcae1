package nusi.bounds;

/**
 * Evenly spaced values of a log10 quantity, e.g. log10(M/MeV) from -7 to 0 in 60 points. The option names
 * are kept so that errors name what the user typed.
 */
public record LogRange(String minName, String maxName, String countName, double min, double max, int count) {
    public static final int MAX_POINTS = 100_000;

    public LogRange {
        if (!Double.isFinite(min)) {
            throw new IllegalArgumentException(minName + " must be a finite number, got " + min);
        }
        if (!Double.isFinite(max)) {
            throw new IllegalArgumentException(maxName + " must be a finite number, got " + max);
        }
        if (count < 1 || count > MAX_POINTS) {
            throw new IllegalArgumentException(countName + " must be in [1, " + MAX_POINTS + "], got " + count);
        }
        if (count > 1 && !(max > min)) {
            throw new IllegalArgumentException(maxName + " must be > " + minName + " = " + min + ", got " + max);
        }
        if (count == 1 && max < min) {
            throw new IllegalArgumentException(maxName + " must be >= " + minName + " = " + min + ", got " + max);
        }
    }

    public double at(int i) {
        return count == 1 ? min : min + (max - min) * i / (count - 1);
    }

    public double[] values() {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = at(i);
        }
        return v;
    }

    /** Spacing between neighbouring values (1 for a single point, for plotting cell sizes). */
    public double step() {
        return count == 1 ? 1 : (max - min) / (count - 1);
    }
}
