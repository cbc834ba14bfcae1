package nusi.transport;

import nusi.grid.DelayGrid;
import nusi.grid.EnergyGrid;

/**
 * f(E, theta, tau) at D from {@link DelayCascade}: counts per energy bin, angle cell and projected-delay node (which
 * at D is the arrival delay after the unscattered front), normalised as the energy-angle solver's (F is the count
 * above threshold). Immutable; the arrays returned are copies.
 *
 * @param state      f[(j K + a) L + q], then the tracked quantities
 * @param integrator how the steps in x were taken (CRAM order, step count)
 * @param seconds    wall time of the propagation
 */
public record DelayDistribution(PhaseSpaceOperator operator, DelayGrid delays, double[] state, double threshold,
                                String integrator, String backend, double seconds) {
    public DelayDistribution {
        state = state.clone();
    }

    @Override
    public double[] state() {
        return state.clone();
    }

    private int k() {
        return operator.angleCells();
    }

    public double count(int energyBin, int angleCell, int delayNode) {
        return state[(energyBin * k() + angleCell) * delays.nodes() + delayNode];
    }

    /** The energy-angle state (summed over delays; the tracked quantities as they are). */
    public double[] energyAngleState() {
        int n = operator.energyBins();
        int l = delays.nodes();
        double[] out = new double[operator.stateLength()];
        for (int c = 0; c < n * k(); c++) {
            double s = 0;
            for (int q = 0; q < l; q++) {
                s += state[c * l + q];
            }
            out[c] = s;
        }
        System.arraycopy(state, n * k() * l, out, n * k(), PhaseSpaceOperator.TRACKED_QUANTITIES);
        return out;
    }

    /** Counts per energy bin, any delay and angle: the energy-angle state's ({@link EnergyAngleSolver#angleIntegrated}). */
    public double[] countsPerBin() {
        return EnergyAngleSolver.angleIntegrated(operator, energyAngleState());
    }

    /** Counts per energy bin and delay node, summed over angles: [bin][node]. */
    public double[][] countsPerBinAndDelay() {
        int n = operator.energyBins();
        int l = delays.nodes();
        double[][] out = new double[n][l];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < k(); a++) {
                for (int q = 0; q < l; q++) {
                    out[j][q] += count(j, a, q);
                }
            }
        }
        return out;
    }

    /** The unscattered count per energy bin: the node tau = 0 (every angle; only theta = 0 holds any). */
    public double[] unscatteredPerBin() {
        double[][] c = countsPerBinAndDelay();
        double[] out = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            out[j] = c[j][0];
        }
        return out;
    }

    /** Counts above threshold per delay node (the delay distribution of the detectable neutrinos; sums to F). */
    public double[] delayDistributionAboveThreshold() {
        double[][] c = countsPerBinAndDelay();
        EnergyGrid g = operator.energyGrid();
        double[] out = new double[delays.nodes()];
        for (int j = 0; j < c.length; j++) {
            double share = g.fractionOfBinAbove(j, threshold);
            for (int q = 0; q < out.length; q++) {
                out[q] += share * c[j][q];
            }
        }
        return out;
    }

    /** F: the count above threshold, any delay. */
    public double fractionAboveThreshold() {
        double s = 0;
        for (double v : delayDistributionAboveThreshold()) {
            s += v;
        }
        return s;
    }

    /**
     * The fraction (of the emitted, as F) that arrives above threshold within w seconds of the unscattered front: the
     * counts read as hat functions over the delay nodes ({@link DelayGrid#fractionOfNodeBelow}).
     */
    public double fractionWithinWindow(double w) {
        double[] d = delayDistributionAboveThreshold();
        double s = 0;
        for (int q = 0; q < d.length; q++) {
            s += d[q] * delays.fractionOfNodeBelow(q, w);
        }
        return s;
    }

    /** Per energy bin, the count (per emitted neutrino) arriving within w seconds of the front (hats as above). */
    public double[] withinWindowPerBin(double w) {
        double[][] c = countsPerBinAndDelay();
        double[] out = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            for (int q = 0; q < c[j].length; q++) {
                out[j] += c[j][q] * delays.fractionOfNodeBelow(q, w);
            }
        }
        return out;
    }

    /** Mean arrival delay (s) per energy bin: sum_q tau_q f / sum_q f (NaN where empty). */
    public double[] meanDelayPerBin() {
        double[][] c = countsPerBinAndDelay();
        double[] out = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            double s = 0;
            double w = 0;
            for (int q = 0; q < c[j].length; q++) {
                s += c[j][q] * delays.node(q);
                w += c[j][q];
            }
            out[j] = w > 0 ? s / w : Double.NaN;
        }
        return out;
    }

    /** Mean arrival delay (s) of the neutrinos above threshold. */
    public double meanDelayAboveThreshold() {
        double[] d = delayDistributionAboveThreshold();
        double s = 0;
        double w = 0;
        for (int q = 0; q < d.length; q++) {
            s += d[q] * delays.node(q);
            w += d[q];
        }
        return w > 0 ? s / w : Double.NaN;
    }

    /**
     * A per-bin quantity averaged over the neutrinos above threshold, weighted as F counts them (the threshold bin by
     * its share above): e.g. the exact mean delay per bin, to compare with {@link #meanDelayAboveThreshold}.
     */
    public double averageAboveThreshold(double[] perBin) {
        double[] counts = countsPerBin();
        EnergyGrid g = operator.energyGrid();
        double s = 0;
        double w = 0;
        for (int j = 0; j < counts.length; j++) {
            double weight = g.fractionOfBinAbove(j, threshold) * counts[j];
            s += weight * perBin[j];
            w += weight;
        }
        return w > 0 ? s / w : Double.NaN;
    }

    /** The count above threshold on the last delay node, which also holds every delay beyond it. */
    public double atLastDelayNode() {
        double[] d = delayDistributionAboveThreshold();
        return d[d.length - 1];
    }
}
