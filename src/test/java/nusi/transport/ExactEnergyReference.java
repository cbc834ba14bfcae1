package nusi.transport;

import nusi.numerics.MetzlerExponential;

/** The independent reference of the exact tests: the dense triangular exponential of the energy-only operator. */
final class ExactEnergyReference {
    private ExactEnergyReference() {
    }

    /** exp(nD A) N0 on the counts (ascending energy) by {@link MetzlerExponential}, without tracked quantities. */
    static double[] denseExponential(EnergyOperator op, double[] initial) {
        int n = op.grid().bins();
        double[][] full = op.augmentedMatrix();
        double[][] a = new double[n][];
        for (int p = 0; p < n; p++) {
            a[p] = java.util.Arrays.copyOf(full[p], n);
        }
        double[] v = new double[n];
        for (int p = 0; p < n; p++) {
            v[p] = initial[n - 1 - p];
        }
        double[] w = MetzlerExponential.expTimes(a, v);
        double[] out = new double[n];
        for (int p = 0; p < n; p++) {
            out[n - 1 - p] = w[p];
        }
        return out;
    }

    /** With the tracked quantities: counts then outflow count, its energy, injected energy. */
    static double[] denseExponentialWithTracked(EnergyOperator op, double[] initial) {
        int n = op.grid().bins();
        double[][] a = op.augmentedMatrix();
        double[] v = new double[a.length];
        for (int p = 0; p < n; p++) {
            v[p] = initial[n - 1 - p];
        }
        double[] w = MetzlerExponential.expTimes(a, v);
        double[] out = new double[a.length];
        for (int p = 0; p < n; p++) {
            out[n - 1 - p] = w[p];
        }
        System.arraycopy(w, n, out, n, a.length - n);
        return out;
    }
}
