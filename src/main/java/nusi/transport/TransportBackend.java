package nusi.transport;

/**
 * Where the Eq. 8 operator runs: the multi-threaded Java reference ({@code cpu}) or OpenCL ({@code opencl}).
 * The integrator only sees this interface. A backend is built for one {@link PhaseSpaceOperator} and owns a
 * state f (N K counts plus the tracked quantities, see {@link PhaseSpaceOperator#stateLength()}), so that an
 * accelerator can keep it in device memory for a whole propagation: {@link #setState}, many
 * {@link #trBdf2Step}, then {@link #getState}.
 */
public interface TransportBackend extends AutoCloseable {
    /** Human-readable description: backend, device, precision, threads. */
    String description();

    PhaseSpaceOperator operator();

    /** out = A f, the right-hand side of Eq. 8 per unit x = r/D (gain minus loss, plus the tracked rates). */
    void transportRate(double[] f, double[] out);

    /** Solves (I - c A) y = rhs by one sweep from the highest energy down (A is triangular), c >= 0. */
    void implicitSweep(double c, double[] rhs, double[] y);

    void setState(double[] f);

    void getState(double[] f);

    /**
     * Advances the state by h in x with TR-BDF2 (gamma = 2 - sqrt 2): L-stable and second order, so stiff
     * modes (optical depths up to 1e12 per step) are damped, not amplified.
     */
    void trBdf2Step(double h);

    /**
     * A applied to the current state, the result kept inside the backend (on the device for OpenCL), and waits
     * for it: one operator application without host transfers, for benchmarks.
     */
    void applyToState();

    @Override
    default void close() {
    }

    /** TR-BDF2 constants. */
    final class TrBdf2 {
        public static final double GAMMA = 2 - Math.sqrt(2);
        /** Stage-1 implicit factor per unit h: gamma / 2. */
        public static final double C1 = GAMMA / 2;
        /** Stage-2 implicit factor per unit h: (1 - gamma) / (2 - gamma). */
        public static final double C2 = (1 - GAMMA) / (2 - GAMMA);
        /** Stage-2 weights: f_{n+1} - C2 h A f_{n+1} = W_STAR f* - W_OLD f_n. */
        public static final double W_STAR = 1 / (GAMMA * (2 - GAMMA));
        public static final double W_OLD = (1 - GAMMA) * (1 - GAMMA) / (GAMMA * (2 - GAMMA));

        private TrBdf2() {
        }
    }
}
