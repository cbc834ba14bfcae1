package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import nusi.grid.DelayGrid;
import nusi.physics.Geometry;

/**
 * The delay distribution: Eq. 8 on (E, theta, tau) with tau the projected arrival delay ({@link DelayCascadeBackend}),
 * stepped in x because the delay a deflection costs depends on where it happens (slab: (1 - x); point source: the
 * deflections scale with x as well, {@link EnergyAngleSolver#propagatePointSource}). Each step is propagated exactly
 * (CRAM) with the operator frozen at the step's midpoint. Summed over delays every step is the energy-angle operator,
 * so F and the energy-angle state are those of the energy-angle solver whatever the steps.
 */
public final class DelayCascade {
    private DelayCascade() {
    }

    /**
     * Slab steps: geometric in 1 - x with the delay grid's ratio (the frozen (1 - x) of a step then varies by one
     * delay node over it), from x = 0 until the largest jump of the last step, T (1 - x) maxAngle^2 / 2, is below the
     * first positive delay node, then to x = 1.
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
        String description = "";
        for (int s = 0; s < steps; s++) {
            double x0 = edges[s];
            double x1 = edges[s + 1];
            double mid = 0.5 * (x0 + x1);
            PhaseSpaceOperator stepOp = geometry == Geometry.POINT ? op.withDeflectionsScaledBy(mid) : op;
            double jumpScale = crossingTime / 2 * (geometry == Geometry.POINT ? (1 - mid) / mid : 1 - mid);
            try (DelayCascadeBackend b = new DelayCascadeBackend(stepOp, delays, jumpScale, threads)) {
                description = b.description();
                int done = s;
                Integrator.Propagation p = cram.propagate(b, v, new double[]{x1 - x0},
                        (d, planned, level) -> listener.progress(done * planned + d, (long) steps * planned, level));
                v = p.states()[0];
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new DelayDistribution(op, delays, v, threshold, cram.name() + " x " + steps + " steps", description,
                seconds);
    }
}
