package nusi.transport;

/**
 * Integrates dv/dx = A v with x = r/D on any {@link VectorBackend}: {@link CramIntegrator} (the exact exponential
 * of the r-independent operator, the default) or {@link TrBdf2Integrator} (implicit steps, the independent
 * cross-check and the method for operators that depend on r).
 */
public interface Integrator {
    /** Short name for outputs: cram48, trbdf2. */
    String name();

    /**
     * The states at the distances x_1 < x_2 < ... (fractions of the operator's distance D, > 0) from the
     * initial state at x = 0.
     *
     * @throws NotConvergedException if a step-controlled method does not reach its tolerance
     */
    Propagation propagate(VectorBackend backend, double[] initial, double[] distances, Listener listener);

    /**
     * @param states         one state per requested distance
     * @param errorEstimates the method's estimate of the relative error of each state (see each integrator)
     * @param solves         shifted solves done in all (real or complex), the unit of cost
     * @param finalSteps     steps of the finest run (TR-BDF2), or shifted solves per distance (CRAM)
     */
    record Propagation(double[][] states, double[] errorEstimates, long solves, long finalSteps) {
    }

    /** Told of progress: units done and the total planned so far (TR-BDF2 plans level by level). */
    @FunctionalInterface
    interface Listener {
        void progress(long done, long planned, int level);

        Listener NONE = (a, b, c) -> {
        };
    }

    /** Distances must be finite, positive and increasing. */
    static void requireIncreasing(double[] distances) {
        if (distances.length == 0) {
            throw new IllegalArgumentException("distances: at least one is needed");
        }
        double prev = 0;
        for (double x : distances) {
            if (!(x > prev) || !Double.isFinite(x)) {
                throw new IllegalArgumentException("distances must be finite, positive and increasing, got "
                        + java.util.Arrays.toString(distances));
            }
            prev = x;
        }
    }
}
