package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import nusi.grid.EnergyGrid;
import nusi.physics.PinchedSpectrum;

/**
 * Eq. 8 on the (E, theta) grid from r = 0 to one or more distances, with any {@link Integrator} on any
 * {@link TransportBackend}: by default {@link CramIntegrator} (the exact exponential: 24 complex sweeps per
 * distance), or {@link TrBdf2Integrator} with Richardson control (the cross-check).
 */
public final class EnergyAngleSolver {
    private EnergyAngleSolver() {
    }

    /** TR-BDF2 settings (kept here for callers of the step-controlled path). */
    public record Settings(double tolerance, int initialUniformSteps, int maxUniformSteps, double firstStep) {
        public static Settings defaults() {
            TrBdf2Integrator.Settings d = TrBdf2Integrator.Settings.defaults();
            return new Settings(d.tolerance(), d.initialUniformSteps(), d.maxUniformSteps(), d.firstStep());
        }

        public Settings withTolerance(double t) {
            return new Settings(t, initialUniformSteps, maxUniformSteps, firstStep);
        }

        TrBdf2Integrator.Settings toIntegrator() {
            return new TrBdf2Integrator.Settings(tolerance, initialUniformSteps, maxUniformSteps, firstStep);
        }
    }

    /** Told of progress: solves or steps done, and those planned so far. */
    @FunctionalInterface
    public interface StepListener extends Integrator.Listener {
        StepListener NONE = (a, b, c) -> {
        };
    }

    /** TR-BDF2 with Richardson control whose error is measured on F and on the whole state (see below). */
    public static TrBdf2Integrator trBdf2(PhaseSpaceOperator op, double threshold, Settings settings) {
        return new TrBdf2Integrator(settings.toIntegrator(), (a, b) -> relativeDifference(op, a, b, threshold));
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

    /** Propagates to r = D with TR-BDF2 and these settings (the step-controlled path). */
    public static EnergyAngleResult propagate(TransportBackend backend, double[] initial, double threshold,
                                              Settings settings, StepListener listener) {
        return propagate(backend, initial, threshold, trBdf2(backend.operator(), threshold, settings),
                new double[]{1}, listener).get(0);
    }

    /** Propagates to r = D with the given integrator. */
    public static EnergyAngleResult propagate(TransportBackend backend, double[] initial, double threshold,
                                              Integrator integrator, StepListener listener) {
        return propagate(backend, initial, threshold, integrator, new double[]{1}, listener).get(0);
    }

    /**
     * Propagates to each distance x (fraction of the operator's D; increasing).
     *
     * @throws NotConvergedException if a step-controlled integrator does not reach its tolerance
     */
    public static List<EnergyAngleResult> propagate(TransportBackend backend, double[] initial, double threshold,
                                                    Integrator integrator, double[] distances,
                                                    Integrator.Listener listener) {
        PhaseSpaceOperator op = backend.operator();
        // Bins too wide for their self-scattering would make the discrete model grow (and a sweep's diagonal vanish).
        EnergyOperator.requireResolvedSelfScattering(op.energyGrid(), j -> op.gainRate(j, j), op::lossRate,
                nusi.physics.Parameter.ENERGY_BINS);
        long t0 = System.nanoTime();
        Integrator.Propagation p = integrator.propagate(backend, initial, distances, listener);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        List<EnergyAngleResult> out = new ArrayList<>();
        for (int d = 0; d < distances.length; d++) {
            out.add(new EnergyAngleResult(op, initial.clone(), p.states()[d], threshold, distances[d],
                    integrator.name(), p.errorEstimates()[d], p.finalSteps(), p.solves(), backend.description(),
                    seconds));
        }
        return out;
    }

    /**
     * The steps of the point source: {@code uniform} equal steps of h = 1/uniform in the middle and, at both ends,
     * steps that halve down to 1e-9 (x = 0 and x = 1). Measured at the Fig. 3 point (96 bins, 48 cells): the mean
     * arrival angle per bin within 2.0e-3 of the exact moment with 32 (81 steps in all), 7.3e-4 with 64, where 32
     * plain equal steps give 1.2e-2 and fall only as h: the counts of thick bins remember only the last 1/tau of the
     * path, so the steps next to x = 1 set their error, and those just after x = 0 where the first scatterings happen.
     */
    public static double[] pointSourceSteps(int uniform) {
        if (uniform < 2) {
            throw new IllegalArgumentException("uniform steps must be >= 2, got " + uniform);
        }
        double h = 1.0 / uniform;
        List<Double> edges = new ArrayList<>();
        edges.add(0.0);
        for (double x = 1e-9; x < h; x *= 2) {
            edges.add(x);
        }
        for (int s = 1; s < uniform; s++) {
            edges.add(s * h);
        }
        for (double y = h / 2; y > 1e-9; y /= 2) {
            edges.add(1 - y);
        }
        edges.add(1.0);
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The point source (physics.md, "Beyond the paper"): the angle coordinate is the arrival angle beta = b/D, which a
     * deflection theta~ at x = r/D changes by x theta~, so the operator depends on x through its deflections alone.
     * [0, 1] is cut at {@code edges} (0 = x_0 < ... < x_S = 1; {@link #pointSourceSteps}), each step propagated
     * exactly (CRAM-48) with the deflections at its midpoint; the energy spectrum does not depend on the deflections
     * and stays exact (tested). The error estimate is CRAM's (rounding); the
     * angles' step error is measured by refining the steps (README). 1/cos is a slab notion: {@code op} must have it
     * off.
     *
     * @param op        the operator with the deflections of a scattering at x = 1 (the slab's)
     * @param backends  a backend for an operator (the caller closes nothing: each step's backend is closed here)
     */
    public static EnergyAngleResult propagatePointSource(PhaseSpaceOperator op,
            java.util.function.Function<PhaseSpaceOperator, TransportBackend> backends, double[] initial,
            double threshold, double[] edges, Integrator.Listener listener) {
        int steps = edges.length - 1;
        if (op.secantFactor()) {
            throw new IllegalArgumentException("the point source's angle is the arrival angle beta: the 1/cos factor "
                    + "of the slab does not apply (build the operator without it)");
        }
        if (edges.length < 2 || edges[0] != 0 || edges[edges.length - 1] != 1) {
            throw new IllegalArgumentException("step edges must run from x = 0 to x = 1");
        }
        EnergyOperator.requireResolvedSelfScattering(op.energyGrid(), j -> op.gainRate(j, j), op::lossRate,
                nusi.physics.Parameter.ENERGY_BINS);
        CramIntegrator cram = CramIntegrator.order48();
        long t0 = System.nanoTime();
        double[] v = initial.clone();
        long solves = 0;
        long perStep = 0;
        double estimate = 0;
        String description = "";
        for (int s = 0; s < steps; s++) {
            double h = edges[s + 1] - edges[s];
            double mid = 0.5 * (edges[s] + edges[s + 1]);
            try (TransportBackend b = backends.apply(op.withDeflectionsScaledBy(mid))) {
                description = b.description();
                int done = s;
                Integrator.Propagation p = cram.propagate(b, v, new double[]{h},
                        (d, planned, level) -> listener.progress(done * planned + d, (long) steps * planned, level));
                v = p.states()[0];
                solves += p.solves();
                perStep = p.finalSteps();
                estimate = Math.max(estimate, p.errorEstimates()[0]);
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new EnergyAngleResult(op, initial.clone(), v, threshold, 1.0, cram.name() + " x " + steps + " steps",
                estimate, perStep * steps, solves, description, seconds);
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

    /** Planar mean angle (rad) per energy bin on the grid: sum_a theta_a f / sum_a f (NaN where empty). */
    public static double[] meanAnglePerBin(PhaseSpaceOperator op, double[] state) {
        int n = op.energyBins();
        int k = op.angleCells();
        double[] m = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            double w = 0;
            for (int a = 0; a < k; a++) {
                s += state[j * k + a] * op.angleGrid().representativeAngle(a);
                w += state[j * k + a];
            }
            m[j] = w > 0 ? s / w : Double.NaN;
        }
        return m;
    }
}
