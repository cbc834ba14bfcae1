package nusi.bounds;

import nusi.physics.Parameter;
import nusi.physics.ParameterException;

/**
 * Evenly spaced values of a log10 quantity of a scan, e.g. log10(M/MeV) from -7 to 0 in 60 points. The axis
 * names the parameters, so that errors name what a front end calls them ({@link ParameterException}).
 */
public record LogRange(Axis axis, double min, double max, int count) {
    public static final int MAX_POINTS = 100_000;

    /** The scanned quantity, with the parameters that bound it and count its points. */
    public enum Axis {
        LOG10_MASS(Parameter.LOG10_M_MIN, Parameter.LOG10_M_MAX, Parameter.MASS_POINTS),
        LOG10_COUPLING(Parameter.LOG10_G_MIN, Parameter.LOG10_G_MAX, Parameter.COUPLING_POINTS);

        final Parameter min;
        final Parameter max;
        final Parameter count;

        Axis(Parameter min, Parameter max, Parameter count) {
            this.min = min;
            this.max = max;
            this.count = count;
        }
    }

    public LogRange {
        if (!Double.isFinite(min)) {
            throw new ParameterException(axis.min.token() + " must be a finite number, got " + min);
        }
        if (!Double.isFinite(max)) {
            throw new ParameterException(axis.max.token() + " must be a finite number, got " + max);
        }
        if (count < 1 || count > MAX_POINTS) {
            throw new ParameterException(axis.count.token() + " must be in [1, " + MAX_POINTS + "], got " + count);
        }
        if (count > 1 && !(max > min)) {
            throw new ParameterException(axis.max.token() + " must be > " + axis.min.token() + " = " + min
                    + ", got " + max);
        }
        if (count == 1 && max < min) {
            throw new ParameterException(axis.max.token() + " must be >= " + axis.min.token() + " = " + min
                    + ", got " + max);
        }
    }

    /** log10(M/MeV) from min to max in count points. */
    public static LogRange masses(double min, double max, int count) {
        return new LogRange(Axis.LOG10_MASS, min, max, count);
    }

    /** log10 g from min to max in count points. */
    public static LogRange couplings(double min, double max, int count) {
        return new LogRange(Axis.LOG10_COUPLING, min, max, count);
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
