package nusi.transport;

/** A step-controlled integration did not reach its tolerance within the allowed work. */
public final class NotConvergedException extends RuntimeException {
    private final double tolerance;
    private final double reached;
    private final int maxUniformSteps;

    public NotConvergedException(double tolerance, double reached, int maxUniformSteps) {
        super(String.format(java.util.Locale.ROOT, "the step error (%.2e) did not fall below the tolerance %.2e "
                + "within %d uniform steps", reached, tolerance, maxUniformSteps));
        this.tolerance = tolerance;
        this.reached = reached;
        this.maxUniformSteps = maxUniformSteps;
    }

    public double tolerance() {
        return tolerance;
    }

    /** The smallest error estimate reached (NaN if none was formed). */
    public double reached() {
        return reached;
    }

    public int maxUniformSteps() {
        return maxUniformSteps;
    }
}
