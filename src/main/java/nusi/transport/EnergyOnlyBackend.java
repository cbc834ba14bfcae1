package nusi.transport;

/**
 * The vector operations of {@link VectorBackend} for the energy-only operator of {@link EnergyOperator}, in
 * O(N) per shifted solve: dsig/dEf is flat in Ef and every lower bin lies wholly inside [Efmin, Ei], so the gain
 * from bin i into a lower bin j is width_j * u_i (u_i = 2 nD dsigBar/dEf_i) and the strict triangle of A is rank
 * one (physics.md, "Exact propagation"). A solve from the highest bin down then needs only the running sum
 * S_j = sum_{i > j} u_i z_i.
 *
 * <p>Vector layout: N counts (ascending energy), then (unless {@link #countsOnly}) the 3 tracked quantities of
 * {@link EnergyOperator}. The rank-one pieces are also what {@link MomentChains} builds its levels from.
 */
public final class EnergyOnlyBackend extends HostVectors implements CountsOperator {
    private final EnergyOperator op;
    private final int n;
    private final int trackedCount;
    /** nD (selfGain - sigmaBar) per bin: the diagonal of A. */
    private final double[] diagonal;
    /** 2 nD dsigBar/dEf per source bin. */
    private final double[] u;
    private final double[] width;
    private final double[] tracked;
    private final double[] inverseRe;
    private final double[] inverseIm;

    private EnergyOnlyBackend(EnergyOperator op, int trackedCount) {
        this.op = op;
        this.n = op.grid().bins();
        this.trackedCount = trackedCount;
        double nd = op.columnDensity();
        this.diagonal = new double[n];
        this.u = new double[n];
        this.width = new double[n];
        this.tracked = new double[EnergyOperator.TRACKED_QUANTITIES * n];
        this.inverseRe = new double[n];
        this.inverseIm = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = nd * (op.gain(i, i) - op.meanCrossSection(i));
            u[i] = nd * 2 * op.meanDifferential(i);
            width[i] = op.grid().width(i);
            tracked[i] = nd * op.outflow(i);
            tracked[n + i] = nd * op.outflowEnergy(i);
            tracked[2 * n + i] = nd * op.injectedEnergy(i);
        }
    }

    /** Counts and tracked quantities. */
    public static EnergyOnlyBackend of(EnergyOperator op) {
        return new EnergyOnlyBackend(op, EnergyOperator.TRACKED_QUANTITIES);
    }

    /** Counts only (no tracked quantities): what F needs. */
    public static EnergyOnlyBackend countsOnly(EnergyOperator op) {
        return new EnergyOnlyBackend(op, 0);
    }

    public EnergyOperator operator() {
        return op;
    }

    @Override
    public String description() {
        return "energy-only (Java float64, rank-one sweeps)";
    }

    @Override
    public int length() {
        return n + trackedCount;
    }

    @Override
    public void apply(Vector xv, Vector outv) {
        double[] x = HostVectors.of(xv);
        double[] out = HostVectors.of(outv);
        double[] counts = x == out ? x.clone() : x;
        applyCounts(counts, 0, out, 0);
        for (int q = 0; q < trackedCount; q++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += tracked[q * n + i] * counts[i];
            }
            out[n + q] = s;
        }
    }

    @Override
    public int bins() {
        return n;
    }

    @Override
    public double scaledGain(int target, int source) {
        return op.columnDensity() * op.gain(target, source);
    }

    /** out[to + j] = (A x)_j for the N counts starting at x[from]: diagonal plus the rank-one running sum. */
    @Override
    public void applyCounts(double[] x, int from, double[] out, int to) {
        double s = 0;
        for (int j = n - 1; j >= 0; j--) {
            double xj = x[from + j];
            out[to + j] = diagonal[j] * xj + width[j] * s;
            s += u[j] * xj;
        }
    }

    @Override
    public void shiftedSolve(double c, Vector bv, Vector yv) {
        double[] b = HostVectors.of(bv);
        double[] y = HostVectors.of(yv);
        solveCounts(c, b, 0, y, 0);
        for (int q = 0; q < trackedCount; q++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += tracked[q * n + i] * y[i];
            }
            y[n + q] = b[n + q] + c * s;
        }
    }

    /** (I - c A) y = b on the N counts starting at b[from], into y[to..to + N). */
    @Override
    public void solveCounts(double c, double[] b, int from, double[] y, int to) {
        double s = 0;
        for (int j = n - 1; j >= 0; j--) {
            double yj = (b[from + j] + c * width[j] * s) / (1 - c * diagonal[j]);
            y[to + j] = yj;
            s += u[j] * yj;
        }
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        double[] b = HostVectors.of(bv);
        HostVectors.Complex z = HostVectors.of(zv);
        double[] zr = z.re();
        double[] zi = z.im();
        solveCountsComplex(sigma[0], sigma[1], b, 0, null, null, zr, zi, 0);
        double[] tr = trackedSums(zr);
        double[] ti = trackedSums(zi);
        for (int q = 0; q < trackedCount; q++) {
            zr[n + q] = b[n + q] + cRe * tr[q] - cIm * ti[q];
            zi[n + q] = cRe * ti[q] + cIm * tr[q];
        }
    }

    private double[] trackedSums(double[] y) {
        double[] s = new double[trackedCount];
        for (int q = 0; q < s.length; q++) {
            for (int i = 0; i < n; i++) {
                s[q] += tracked[q * n + i] * y[i];
            }
        }
        return s;
    }

    /**
     * (sigma - A) z = sigma b + extra on the N counts starting at b[from] (extra: real and imaginary parts, or
     * null), into z[to..to + N).
     */
    @Override
    public void solveCountsComplex(double sr, double si, double[] b, int from, double[] extraRe, double[] extraIm,
                            double[] zr, double[] zi, int to) {
        // 1 / (sigma - a_jj) first: independent per bin, so the divisions leave the serial running sum below.
        double[] ir = inverseRe;
        double[] ii = inverseIm;
        for (int j = 0; j < n; j++) {
            double dr = sr - diagonal[j];
            double q = 1 / (dr * dr + si * si);
            ir[j] = dr * q;
            ii[j] = -si * q;
        }
        double accRe = 0;
        double accIm = 0;
        for (int j = n - 1; j >= 0; j--) {
            double xr = sr * b[from + j] + width[j] * accRe;
            double xi = si * b[from + j] + width[j] * accIm;
            if (extraRe != null) {
                xr += extraRe[j];
                xi += extraIm[j];
            }
            double yr = xr * ir[j] - xi * ii[j];
            double yi = xr * ii[j] + xi * ir[j];
            zr[to + j] = yr;
            zi[to + j] = yi;
            accRe += u[j] * yr;
            accIm += u[j] * yi;
        }
    }

    /** A's entry (j, i) for i >= j: the diagonal, or width_j u_i. */
    @Override
    public double entry(int j, int i) {
        return i == j ? diagonal[j] : width[j] * u[i];
    }
}
