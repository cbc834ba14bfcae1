package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import nusi.grid.DelayGrid;
import nusi.physics.Geometry;

/**
 * The delay distribution: Eq. 8 on (E, theta, tau), tau the delay so far, stepped in x. Within a step the scatterings
 * are propagated exactly (CRAM, {@link DelayCascadeBackend}: a scattering keeps the delay so far); between steps every
 * neutrino accrues the delay of its angle, lumped from one step's midpoint to the next (slab: d tau/dx = T theta^2/2;
 * point source: T beta^2/(2 x^2), with the deflections scaled by x, {@link EnergyAngleSolver#propagatePointSource}).
 * At x = 1 tau is the arrival delay after the unscattered front. Summed over delays every step is the energy-angle
 * operator, so F and the energy-angle state are those of the energy-angle solver whatever the steps.
 *
 * <p>Why not physics.md's projected delay (delay so far + T (1 - x) theta^2 / 2, which only jumps at scatterings): a
 * jump to a smaller angle (3D) subtracts from a delay already split between two nodes, and the lower share falls to
 * the first node. At the Fig. 3 point (48 x 12 x 24) that put 2.4e-11 of the 3.2e-11 in-window neutrinos on the
 * first node, falling only as the node spacing; accrued delays only grow, so they never fall below where they are
 * (in-window 2.5e-12 there, converging with the nodes: DelayCascadeTest).
 */
public final class DelayCascade {
    private DelayCascade() {
    }

    /**
     * Slab steps: geometric in 1 - x with the delay grid's ratio (at most 2), from x = 0 until the most a neutrino
     * can accrue over the rest, T (1 - x) maxAngle^2 / 2, is below half the first positive delay node, then to x = 1.
     */
    public static double[] slabSteps(DelayGrid delays, double crossingTime, double maxAngle) {
        return slabSteps(delays, crossingTime, maxAngle, Math.min(2, Math.max(1.05, delays.ratio())));
    }

    /** As above with the ratio q of successive 1 - x given (refinement studies). */
    public static double[] slabSteps(DelayGrid delays, double crossingTime, double maxAngle, double q) {
        if (!(q > 1) || !(q <= 16)) {
            throw new IllegalArgumentException("step ratio must lie in (1, 16], got " + q);
        }
        double largest = crossingTime * maxAngle * maxAngle / 2;
        List<Double> edges = new ArrayList<>();
        edges.add(0.0);
        for (double y = 1 / q; y * largest >= delays.node(1) / 2 && y > 1e-15; y /= q) {
            edges.add(1 - y);
        }
        edges.add(1.0);
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The delay accrued at its angle by every neutrino between two step midpoints, (s_before - s_after) theta_a^2 with
     * s(x) the delay still to come per theta^2 (slab T (1 - x)/2, point source T (1/x - 1)/2), split linearly between
     * the neighbouring nodes (count and mean kept). The node tau = 0 (the unscattered, at theta = 0) stays.
     */
    static void accrue(double[] v, PhaseSpaceOperator op, DelayGrid delays, double ds) {
        int n = op.energyBins();
        int k = op.angleCells();
        int l = delays.nodes();
        int[] lower = new int[l];
        double[] upper = new double[l];
        double[] row = new double[l];
        for (int a = 0; a < k; a++) {
            double t = op.angleGrid().representativeAngle(a);
            double delta = ds * t * t;
            if (!(delta > 0)) {
                continue;
            }
            for (int q = 1; q < l; q++) {
                delays.split(delays.node(q) + delta, lower, upper, q);
            }
            for (int j = 0; j < n; j++) {
                int base = (j * k + a) * l;
                java.util.Arrays.fill(row, 0);
                row[0] = v[base];
                for (int q = 1; q < l; q++) {
                    double f = v[base + q];
                    row[lower[q]] += f * (1 - upper[q]);
                    row[lower[q] + 1] += f * upper[q];
                }
                System.arraycopy(row, 0, v, base, l);
            }
        }
    }

    /** The delay state at x = 0: the energy-angle state on the node tau = 0. */
    public static double[] initialState(PhaseSpaceOperator op, DelayGrid delays, double[] energyAngleInitial) {
        int cells = op.energyBins() * op.angleCells();
        int l = delays.nodes();
        double[] v = new double[cells * l + PhaseSpaceOperator.TRACKED_QUANTITIES];
        for (int c = 0; c < cells; c++) {
            v[c * l] = energyAngleInitial[c];
        }
        System.arraycopy(energyAngleInitial, cells, v, cells * l, PhaseSpaceOperator.TRACKED_QUANTITIES);
        return v;
    }

    /**
     * @param op           the energy-angle operator (planar or 3D; for the point source without 1/cos, its deflections
     *                     those of a scattering at x = 1)
     * @param crossingTime T = D/c (s)
     * @param edges        step edges in x from 0 to 1 ({@link #slabSteps}, {@link EnergyAngleSolver#pointSourceSteps})
     * @param cramOrder    16 or 48
     */
    public static DelayDistribution propagate(PhaseSpaceOperator op, Geometry geometry, DelayGrid delays,
                                              double crossingTime, double[] energyAngleInitial, double threshold,
                                              double[] edges, int cramOrder, int threads,
                                              Integrator.Listener listener) {
        if (edges.length < 2 || edges[0] != 0 || edges[edges.length - 1] != 1) {
            throw new IllegalArgumentException("step edges must run from x = 0 to x = 1");
        }
        if (geometry == Geometry.POINT && op.secantFactor()) {
            throw new IllegalArgumentException("the point source's angle is the arrival angle beta: the 1/cos factor "
                    + "of the slab does not apply (build the operator without it)");
        }
        EnergyOperator.requireResolvedSelfScattering(op.energyGrid(), j -> op.gainRate(j, j), op::lossRate,
                nusi.physics.Parameter.ENERGY_BINS);
        CramIntegrator cram = new CramIntegrator(cramOrder);
        int steps = edges.length - 1;
        long t0 = System.nanoTime();
        double[] v = initialState(op, delays, energyAngleInitial);
        double toCome = 0;
        // the slab's operator is the same at every step (only the accrual between steps depends on x): one backend
        DelayCascadeBackend slab = geometry == Geometry.POINT ? null : new DelayCascadeBackend(op, delays, threads);
        String description = slab == null ? "" : slab.description();
        try {
            for (int s = 0; s < steps; s++) {
                double x0 = edges[s];
                double x1 = edges[s + 1];
                double mid = 0.5 * (x0 + x1);
                // the delay still to come per theta^2 at the step's midpoint
                double scale = crossingTime / 2 * (geometry == Geometry.POINT ? (1 - mid) / mid : 1 - mid);
                if (s > 0) {
                    accrue(v, op, delays, toCome - scale);
                }
                toCome = scale;
                DelayCascadeBackend b = slab != null ? slab
                        : new DelayCascadeBackend(op.withDeflectionsScaledBy(mid), delays, threads);
                try {
                    description = b.description();
                    int done = s;
                    Integrator.Propagation p = cram.propagate(b, v, new double[]{x1 - x0},
                            (d, planned, level) -> listener.progress(done * planned + d, (long) steps * planned,
                                    level));
                    v = p.states()[0];
                } finally {
                    if (b != slab) {
                        b.close();
                    }
                }
            }
        } finally {
            if (slab != null) {
                slab.close();
            }
        }
        accrue(v, op, delays, toCome);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new DelayDistribution(op, delays, v, threshold, cram.name() + " x " + steps + " steps", description,
                seconds);
    }
}
