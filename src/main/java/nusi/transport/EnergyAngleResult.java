package nusi.transport;

import nusi.grid.AngleGrid;

/**
 * f(E, theta) at one distance from {@link EnergyAngleSolver}.
 *
 * @param state          counts f[j * K + a] per emitted neutrino, then the tracked quantities
 * @param distance       x = r/D of this state (1: the operator's distance D)
 * @param integrator     cram48 or trbdf2
 * @param errorEstimate  the integrator's estimate of the relative error (TR-BDF2: Richardson on F and the state;
 *                       CRAM: rounding level, its approximation error being ~1e-47 of the initial total)
 * @param finalSteps     TR-BDF2: steps of the finest run; CRAM: complex sweeps per distance
 * @param solves         shifted solves (sweeps) of the whole propagation, all distances
 * @param seconds        wall time of the whole propagation
 */
public record EnergyAngleResult(PhaseSpaceOperator operator, double[] initial, double[] state, double threshold,
                                double distance, String integrator, double errorEstimate, long finalSteps,
                                long solves, String backend, double seconds) {

    public double fractionAboveThreshold() {
        return EnergyAngleSolver.fractionAbove(operator, state, threshold);
    }

    public double[] angleIntegratedCounts() {
        return EnergyAngleSolver.angleIntegrated(operator, state);
    }

    public double[] initialCounts() {
        return EnergyAngleSolver.angleIntegrated(operator, initial);
    }

    /** Planar mean angle per energy bin on the angle grid (rad; NaN where a bin is empty). */
    public double[] meanAnglePerBin() {
        return EnergyAngleSolver.meanAnglePerBin(operator, state);
    }

    /**
     * Root mean square of the polar angle (rad) per energy bin on the grid, the outflow cell at maxAngle (NaN where
     * empty): with the 3D deflection the quantity the exact 3D moments give per bin.
     */
    public double[] rmsAnglePerBin() {
        int n = operator.energyBins();
        int k = operator.angleCells();
        double[] rms = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            double w = 0;
            for (int a = 0; a < k; a++) {
                double t = operator.angleGrid().representativeAngle(a);
                s += count(j, a) * t * t;
                w += count(j, a);
            }
            rms[j] = w > 0 ? Math.sqrt(s / w) : Double.NaN;
        }
        return rms;
    }

    public double count(int energyBin, int angleCell) {
        return state[energyBin * operator.angleCells() + angleCell];
    }

    /** Count that has left through the bottom of the energy grid, per emitted neutrino. */
    public double outflowBelowGrid() {
        return tracked(0);
    }

    /** Energy (MeV per emitted neutrino) carried out through the bottom of the energy grid. */
    public double outflowEnergy() {
        return tracked(1);
    }

    /** Energy (MeV per emitted neutrino) the model adds, Efmin per scattering (physics.md, pitfall 7). */
    public double injectedEnergy() {
        return tracked(2);
    }

    // The tracked quantities follow the counts in the state, in PhaseSpaceOperator's order.
    private double tracked(int q) {
        return state[operator.energyBins() * operator.angleCells() + q];
    }

    /** Count in the large-angle outflow cell, all energies. */
    public double angularOutflow() {
        AngleGrid g = operator.angleGrid();
        if (!g.hasOutflowCell()) {
            return 0;
        }
        double s = 0;
        for (int j = 0; j < operator.energyBins(); j++) {
            s += count(j, g.outflowCell());
        }
        return s;
    }

    /** Mean angle (rad) of all neutrinos in bins entirely above the threshold. */
    public double meanAngleAboveThreshold() {
        AngleGrid g = operator.angleGrid();
        double s = 0;
        double w = 0;
        for (int j = 0; j < operator.energyBins(); j++) {
            if (operator.energyGrid().lowerEdge(j) < threshold) {
                continue;
            }
            for (int a = 0; a < operator.angleCells(); a++) {
                s += count(j, a) * g.representativeAngle(a);
                w += count(j, a);
            }
        }
        return w > 0 ? s / w : Double.NaN;
    }

    /**
     * The scalar results of this state, with units in the names: what result.json and the HDF5 file's attributes
     * hold (both written from this record, so the two never list different fields).
     *
     * @param finalSteps TR-BDF2: steps of the finest run; CRAM: complex sweeps per distance
     */
    public record Summary(double fractionAboveThreshold, double thresholdMeV, double distanceFraction,
                          double meanAngleAboveThresholdRad, double angularOutflow, double outflowBelowGrid,
                          double outflowEnergyMeV, double injectedEnergyMeV, String integrator, double errorEstimate,
                          long sweeps, long finalSteps, String backend, double runtimeSeconds) {
    }

    public Summary summary() {
        return new Summary(fractionAboveThreshold(), threshold, distance, meanAngleAboveThreshold(), angularOutflow(),
                outflowBelowGrid(), outflowEnergy(), injectedEnergy(), integrator, errorEstimate, solves, finalSteps,
                backend, seconds);
    }
}
