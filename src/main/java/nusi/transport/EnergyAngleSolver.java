package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import nusi.grid.EnergyGrid;
import nusi.physics.PinchedSpectrum;
import nusi.physics.Validation;

/**
 * Integrates Eq. 8 on the (E, theta) grid from r = 0 to D with TR-BDF2 steps on any {@link TransportBackend}.
 *
 * <p>Step schedule in x = r/D: a geometric ramp from {@code firstStep} (growth x10; most of the change happens
 * early when the coupling is strong) up to 1/uniformSteps, then uniform steps. Error control by Richardson: the
 * schedule is run, then again with every step halved, and so on; since TR-BDF2 is second order, each pair gives
 * a Richardson extrapolation fine + (fine - coarse)/3. Steps are halved until two successive extrapolations
 * differ by less than the tolerance (relative, on F and on the whole state in L1); the later one is returned,
 * with that difference as its (conservative) error estimate.
 */
public final class EnergyAngleSolver {
    private EnergyAngleSolver() {
    }

    /** Integration settings, validated. */
    public record Settings(double tolerance, int initialUniformSteps, int maxUniformSteps, double firstStep) {
        public Settings {
            Validation.requireInRange("--tolerance", tolerance, 1e-12, 0.5);
            Validation.requireInRange("initial uniform steps", initialUniformSteps, 1, 1 << 20);
            Validation.requireInRange("--max-steps", maxUniformSteps, initialUniformSteps, 1 << 22);
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

    /** Told of each finished step: how many steps so far, and how many the current level plans in total. */
    @FunctionalInterface
    public interface StepListener {
        void progress(long stepsDone, long stepsOfThisLevel, int level);

        StepListener NONE = (a, b, c) -> {
        };
    }

    /** Growth factor of the geometric ramp of steps. */
    static final double RAMP_GROWTH = 10;

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

    /** Runs one schedule, each step split into 2^level equal parts; returns the final state. */
    static double[] run(TransportBackend backend, double[] initial, double[] steps, int level, StepListener l) {
        backend.setState(initial);
        int parts = 1 << level;
        long total = (long) steps.length * parts;
        long done = 0;
        for (double h : steps) {
            for (int p = 0; p < parts; p++) {
                backend.trBdf2Step(h / parts);
                l.progress(++done, total, level);
            }
        }
        double[] out = new double[initial.length];
        backend.getState(out);
        return out;
    }

    /** Initial condition: the pinched spectrum, all at theta = 0 (cell 0), tracked quantities zero. */
    public static double[] initialState(PhaseSpaceOperator op, PinchedSpectrum source) {
        double[] counts = ExactEnergyPropagator.initialCounts(op.energyGrid(), source);
        double[] f = new double[op.stateLength()];
        int k = op.angleCells();
        for (int j = 0; j < counts.length; j++) {
            f[j * k] = counts[j];
        }
        return f;
    }

    /**
     * Propagates to r = D.
     *
     * @throws IllegalStateException if the tolerance is not reached within the maximum number of steps
     */
    public static EnergyAngleResult propagate(TransportBackend backend, double[] initial, double threshold,
                                              Settings settings, StepListener listener) {
        PhaseSpaceOperator op = backend.operator();
        // Bins too wide for their self-scattering would also make an implicit step's diagonal vanish.
        EnergyOperator.requireResolvedSelfScattering(op.energyGrid(), j -> op.gainRate(j, j), op::lossRate,
                "--energy-bins");
        long t0 = System.nanoTime();
        double[] steps = schedule(settings.initialUniformSteps(), settings.firstStep());
        long totalSteps = steps.length;
        double[] coarse = run(backend, initial, steps, 0, listener);
        double[] previousExtrapolated = null;
        int level = 0;
        while (true) {
            level++;
            if ((long) settings.initialUniformSteps() << level > settings.maxUniformSteps()) {
                throw new IllegalStateException("the step error did not fall below --tolerance " + settings.tolerance()
                        + " within --max-steps " + settings.maxUniformSteps() + " uniform steps");
            }
            double[] fine = run(backend, initial, steps, level, listener);
            totalSteps += (long) steps.length << level;
            double[] extrapolated = new double[fine.length];
            for (int p = 0; p < fine.length; p++) {
                extrapolated[p] = fine[p] + (fine[p] - coarse[p]) / 3;
            }
            if (previousExtrapolated != null) {
                double error = relativeDifference(op, extrapolated, previousExtrapolated, threshold);
                if (error <= settings.tolerance()) {
                    double seconds = (System.nanoTime() - t0) * 1e-9;
                    return new EnergyAngleResult(op, initial.clone(), extrapolated, threshold, error,
                            (long) steps.length << level, totalSteps, backend.description(), seconds);
                }
            }
            previousExtrapolated = extrapolated;
            coarse = fine;
        }
    }

    /**
     * max(|dF|/F, ||df||_1/||f||_1) between two states: applied to successive Richardson extrapolations, an upper
     * estimate of the error of the coarser one (the error falls at least 4x per halving).
     */
    static double relativeDifference(PhaseSpaceOperator op, double[] a, double[] b, double threshold) {
        double fa = fractionAbove(op, a, threshold);
        double fb = fractionAbove(op, b, threshold);
        double errF = fa == 0 ? Math.abs(fa - fb) : Math.abs(fa - fb) / Math.abs(fa);
        double norm = 0;
        double diff = 0;
        for (int p = 0; p < op.energyBins() * op.angleCells(); p++) {
            norm += Math.abs(a[p]);
            diff += Math.abs(a[p] - b[p]);
        }
        return Math.max(errF, norm == 0 ? 0 : diff / norm);
    }

    /** F from a state: angle-integrated counts above threshold per emitted neutrino. */
    public static double fractionAbove(PhaseSpaceOperator op, double[] state, double threshold) {
        EnergyGrid g = op.energyGrid();
        return g.countAbove(angleIntegrated(op, state), threshold);
    }

    /** Counts per energy bin, summed over angle cells. */
    public static double[] angleIntegrated(PhaseSpaceOperator op, double[] state) {
        int n = op.energyBins();
        int k = op.angleCells();
        double[] c = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += state[j * k + a];
            }
            c[j] = s;
        }
        return c;
    }
}
