package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import nusi.physics.Validation;

/**
 * TR-BDF2 steps (gamma = 2 - sqrt 2: L-stable and second order, so stiff modes with optical depths up to 1e12 per
 * step are damped, not amplified) with Richardson error control, on any {@link VectorBackend}. Kept as the
 * independent cross-check of {@link CramIntegrator} and for operators that depend on r.
 *
 * <p>Step schedule in x (per distance, scaled to it): a geometric ramp from {@code firstStep} (growth x10; most of
 * the change happens early when the coupling is strong) up to 1/uniformSteps, then uniform steps. The schedule is
 * run, then again with every step halved, and so on; since TR-BDF2 is second order, each pair gives a Richardson
 * extrapolation fine + (fine - coarse)/3. Steps are halved until two successive extrapolations differ by less
 * than the tolerance under the given {@link ErrorNorm}; the later one is returned, with that difference as its
 * (conservative) error estimate. One step: two shifted solves and one operator application.
 */
public final class TrBdf2Integrator implements Integrator {
    public static final double GAMMA = 2 - Math.sqrt(2);
    /** Stage-1 implicit factor per unit h: gamma / 2. */
    public static final double C1 = GAMMA / 2;
    /** Stage-2 implicit factor per unit h: (1 - gamma) / (2 - gamma). */
    public static final double C2 = (1 - GAMMA) / (2 - GAMMA);
    /** Stage-2 weights: f_{n+1} - C2 h A f_{n+1} = W_STAR f* - W_OLD f_n. */
    public static final double W_STAR = 1 / (GAMMA * (2 - GAMMA));
    public static final double W_OLD = (1 - GAMMA) * (1 - GAMMA) / (GAMMA * (2 - GAMMA));
    /** Growth factor of the geometric ramp of steps. */
    static final double RAMP_GROWTH = 10;

    /** Step settings, validated (messages in physics terms; the CLI names its options). */
    public record Settings(double tolerance, int initialUniformSteps, int maxUniformSteps, double firstStep) {
        public Settings {
            Validation.requireInRange("step tolerance", tolerance, 1e-12, 0.5);
            Validation.requireInRange("initial uniform steps", initialUniformSteps, 1, 1 << 20);
            Validation.requireInRange("maximum uniform steps", maxUniformSteps, initialUniformSteps, 1 << 22);
            Validation.requireInRange("first step (fraction of D)", firstStep, 1e-300, 1);
        }

        /** Relative tolerance 1e-3 on F and the state; 40 uniform steps to start, up to 10240. */
        public static Settings defaults() {
            return new Settings(1e-3, 40, 10240, 1e-14);
        }

        public Settings withTolerance(double t) {
            return new Settings(t, initialUniformSteps, maxUniformSteps, firstStep);
        }
    }

    /** The relative difference of two states that the tolerance applies to. */
    @FunctionalInterface
    public interface ErrorNorm {
        double relativeDifference(double[] a, double[] b);

        /** ||a - b||_1 / ||a||_1 over the whole vector. */
        ErrorNorm L1 = (a, b) -> {
            double norm = 0;
            double diff = 0;
            for (int p = 0; p < a.length; p++) {
                norm += Math.abs(a[p]);
                diff += Math.abs(a[p] - b[p]);
            }
            return norm == 0 ? 0 : diff / norm;
        };
    }

    private final Settings settings;
    private final ErrorNorm norm;

    public TrBdf2Integrator(Settings settings, ErrorNorm norm) {
        this.settings = settings;
        this.norm = norm;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "trbdf2";
    }

    /** Steps of a level-0 schedule: ramp then uniform, summing to 1. */
    static double[] schedule(int uniformSteps, double firstStep) {
        double hU = 1.0 / uniformSteps;
        List<Double> h = new ArrayList<>();
        double x = 0;
        for (double s = firstStep; s < hU; s *= RAMP_GROWTH) {
            h.add(s);
            x += s;
        }
        int m = (int) Math.ceil((1 - x) / hU - 1e-9);
        double rest = (1 - x) / m;
        for (int i = 0; i < m; i++) {
            h.add(rest);
        }
        double[] out = new double[h.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = h.get(i);
        }
        return out;
    }

    /** One TR-BDF2 step of size h on the state f, with three scratch vectors. */
    static void step(VectorBackend b, double h, VectorBackend.Vector f, VectorBackend.Vector rate,
                     VectorBackend.Vector rhs, VectorBackend.Vector star) {
        b.apply(f, rate);
        double c1 = C1 * h;
        b.combine(1, f, c1, rate, rhs);
        b.shiftedSolve(c1, rhs, star);
        b.combine(W_STAR, star, -W_OLD, f, rhs);
        b.shiftedSolve(C2 * h, rhs, f);
    }

    /** Runs one schedule scaled to distance x, each step split into 2^level parts; returns the final state. */
    static double[] run(VectorBackend b, double[] initial, double x, double[] steps, int level, Listener l,
                        long[] done, long planned) {
        int parts = 1 << level;
        try (VectorBackend.Vector f = b.newVector(); VectorBackend.Vector rate = b.newVector();
             VectorBackend.Vector rhs = b.newVector(); VectorBackend.Vector star = b.newVector()) {
            b.write(f, initial);
            for (double h : steps) {
                for (int p = 0; p < parts; p++) {
                    step(b, x * h / parts, f, rate, rhs, star);
                    l.progress(++done[0], planned, level);
                }
            }
            double[] out = new double[initial.length];
            b.read(f, out);
            return out;
        }
    }

    @Override
    public Propagation propagate(VectorBackend backend, double[] initial, double[] distances, Listener listener) {
        Integrator.requireIncreasing(distances);
        double[] steps = schedule(settings.initialUniformSteps(), settings.firstStep());
        double[][] states = new double[distances.length][];
        double[] errors = new double[distances.length];
        long[] done = {0};
        long finalSteps = 0;
        for (int d = 0; d < distances.length; d++) {
            double x = distances[d];
            long planned = done[0] + 3L * steps.length;
            double[] coarse = run(backend, initial, x, steps, 0, listener, done, planned);
            double[] previous = null;
            double best = Double.NaN;
            int level = 0;
            while (true) {
                level++;
                if ((long) settings.initialUniformSteps() << level > settings.maxUniformSteps()) {
                    throw new NotConvergedException(settings.tolerance(), best, settings.maxUniformSteps());
                }
                planned = done[0] + ((long) steps.length << level);
                double[] fine = run(backend, initial, x, steps, level, listener, done, planned);
                double[] extrapolated = new double[fine.length];
                for (int p = 0; p < fine.length; p++) {
                    extrapolated[p] = fine[p] + (fine[p] - coarse[p]) / 3;
                }
                if (previous != null) {
                    double error = norm.relativeDifference(extrapolated, previous);
                    best = Double.isNaN(best) ? error : Math.min(best, error);
                    if (error <= settings.tolerance()) {
                        states[d] = extrapolated;
                        errors[d] = error;
                        finalSteps = (long) steps.length << level;
                        break;
                    }
                }
                previous = extrapolated;
                coarse = fine;
            }
        }
        return new Propagation(states, errors, 2 * done[0], finalSteps);
    }
}
