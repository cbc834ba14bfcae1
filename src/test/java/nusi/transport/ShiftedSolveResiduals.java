package nusi.transport;

/**
 * Residuals of a backend's shifted solves against its own apply, relative to the solution's largest entry: for a real
 * c, (I - c A) y = b; for a complex c, (I - c A) z = b with b real. Independent of how the solve is done (sweeps,
 * reductions), so it checks any backend whose solve is not a plain triangular sweep.
 */
final class ShiftedSolveResiduals {
    private ShiftedSolveResiduals() {
    }

    static double real(VectorBackend b, double c, double[] rhs) {
        double[] y = new double[rhs.length];
        b.shiftedSolve(c, rhs, y);
        double[] ay = new double[rhs.length];
        b.apply(y, ay);
        double worst = 0;
        double largest = 0;
        for (int p = 0; p < rhs.length; p++) {
            worst = Math.max(worst, Math.abs(y[p] - c * ay[p] - rhs[p]));
            largest = Math.max(largest, Math.abs(y[p]));
        }
        return worst / largest;
    }

    static double complex(VectorBackend b, double cr, double ci, double[] rhs) {
        double[] zr = new double[rhs.length];
        double[] zi = new double[rhs.length];
        b.shiftedSolve(cr, ci, rhs, zr, zi);
        double[] azr = new double[rhs.length];
        double[] azi = new double[rhs.length];
        b.apply(zr, azr);
        b.apply(zi, azi);
        double worst = 0;
        double largest = 0;
        for (int p = 0; p < rhs.length; p++) {
            double rr = zr[p] - (cr * azr[p] - ci * azi[p]) - rhs[p];
            double ri = zi[p] - (cr * azi[p] + ci * azr[p]);
            worst = Math.max(worst, Math.abs(rr) + Math.abs(ri));
            largest = Math.max(largest, Math.abs(zr[p]) + Math.abs(zi[p]));
        }
        return worst / largest;
    }

    /** c = 1/theta for CRAM-48's pole with the most negative real part, theta = -44.66 + 62.33 i. */
    static double[] mostNegativePole() {
        double tr = -4.465731934165702e+01;
        double ti = 6.233225190695437e+01;
        double t2 = tr * tr + ti * ti;
        return new double[]{tr / t2, -ti / t2};
    }
}
