package nusi.transport;

import nusi.grid.AngleGrid;

/**
 * f(E, theta) at r = D from {@link EnergyAngleSolver}.
 *
 * @param state          final counts f[j * K + a] per emitted neutrino, then the tracked quantities
 * @param errorEstimate  Richardson estimate of the relative step error (F and the state)
 * @param finalSteps     steps of the finest run; {@code totalSteps} counts every run
 */
public record EnergyAngleResult(PhaseSpaceOperator operator, double[] initial, double[] state, double threshold,
                                double errorEstimate, long finalSteps, long totalSteps, String backend,
                                double seconds) {

    public double fractionAboveThreshold() {
        return EnergyAngleSolver.fractionAbove(operator, state, threshold);
    }

    public double[] angleIntegratedCounts() {
        return EnergyAngleSolver.angleIntegrated(operator, state);
    }

    public double[] initialCounts() {
        return EnergyAngleSolver.angleIntegrated(operator, initial);
    }

    public double count(int energyBin, int angleCell) {
        return state[energyBin * operator.angleCells() + angleCell];
    }

    /** Tracked quantity q: 0 count below the energy grid, 1 its energy (MeV), 2 the model's injected energy (MeV). */
    public double tracked(int q) {
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
}
