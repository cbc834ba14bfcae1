package nusi.transport;

/**
 * The vector operations of {@link VectorBackend} for the energy-only operator of {@link EnergyOperator}, in
 * O(N) per shifted solve: dsig/dEf is flat in Ef and every lower bin lies wholly inside [Efmin, Ei], so the gain
 * from bin i into a lower bin j is width_j * u_i (u_i = 2 nD dsigBar/dEf_i) and the strict triangle of A is rank
 * one (physics.md, "Exact propagation"). A solve from the highest bin down then needs only the running sum
 * S_j = sum_{i > j} u_i z_i.
 *
 * <p>Vector layout: N counts (ascending energy), the 3 tracked quantities of {@link EnergyOperator}, and, for a
 * backend built {@link #withAngleMoment}, N more entries H_j = sum over angles of theta f in bin j: the chain
 * dH/dx = A H + (G o delta) N of physics.md, whose exponential gives the exact planar mean angle H/N per bin
 * (1/cos off) without an angle grid. G o delta (gain times the pair-mean deflection) is a general triangle, so
 * that coupling costs O(N^2) per solve.
 */
public final class EnergyOnlyBackend extends HostVectors {
    private final EnergyOperator op;
    private final int n;
    private final int length;
    /** nD (selfGain - sigmaBar) per bin: the diagonal of A. */
    private final double[] diagonal;
    /** 2 nD dsigBar/dEf per source bin. */
    private final double[] u;
    private final double[] width;
    private final double[] tracked;
    private final double[] inverseRe;
    private final double[] inverseIm;
    /** (G o delta)[j * n + i] for i >= j, or null: the coupling of the angle-moment chain (rad per unit x). */
    private final double[] coupling;

    private final int trackedCount;

    private EnergyOnlyBackend(EnergyOperator op, double[] coupling) {
        this(op, coupling, EnergyOperator.TRACKED_QUANTITIES);
    }

    private EnergyOnlyBackend(EnergyOperator op, double[] coupling, int trackedCount) {
        this.trackedCount = trackedCount;
        this.op = op;
        this.n = op.grid().bins();
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
        this.coupling = coupling;
        this.length = n + trackedCount + (coupling == null ? 0 : n);
    }

    /** Counts and tracked quantities only. */
    public static EnergyOnlyBackend of(EnergyOperator op) {
        return new EnergyOnlyBackend(op, null);
    }

    /** Counts only (no tracked quantities): what F needs. */
    public static EnergyOnlyBackend countsOnly(EnergyOperator op) {
        return new EnergyOnlyBackend(op, null, 0);
    }

    /**
     * With the planar angle moment H appended.
     *
     * @param meanDeflection pair-mean deflections delta[j * N + i] (rad) for i >= j, as in
     *                       {@link PhaseSpaceOperator#meanDeflections}
     */
    public static EnergyOnlyBackend withAngleMoment(EnergyOperator op, double[] meanDeflection) {
        int n = op.grid().bins();
        if (meanDeflection.length != n * n) {
            throw new IllegalArgumentException("mean deflections: " + meanDeflection.length + " entries for " + n
                    + " bins, expected " + n * n);
        }
        double[] x = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                x[j * n + i] = op.columnDensity() * op.gain(j, i) * meanDeflection[j * n + i];
            }
        }
        return new EnergyOnlyBackend(op, x);
    }

    public EnergyOperator operator() {
        return op;
    }

    /** Offset of the angle moment H in a vector (N + 3), or -1 without it. */
    public int angleMomentOffset() {
        return coupling == null ? -1 : n + trackedCount;
    }

    @Override
    public String description() {
        return "energy-only (Java float64, rank-one sweeps" + (coupling != null ? ", angle moment" : "") + ")";
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void apply(Vector xv, Vector outv) {
        double[] x = HostVectors.of(xv);
        double[] out = HostVectors.of(outv);
        double[] counts = x == out ? x.clone() : x;
        applyBlock(counts, 0, out, 0);
        int off = n;
        for (int q = 0; q < trackedCount; q++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += tracked[q * n + i] * counts[i];
            }
            out[off + q] = s;
        }
        if (coupling != null) {
            int h = angleMomentOffset();
            applyBlock(counts, h, out, h);
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = j; i < n; i++) {
                    s += coupling[j * n + i] * counts[i];
                }
                out[h + j] += s;
            }
        }
    }

    /** out[to + j] = (A x)_j for the N counts starting at x[from]: diagonal plus the rank-one running sum. */
    private void applyBlock(double[] x, int from, double[] out, int to) {
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
        solveBlock(c, b, 0, y);
        for (int q = 0; q < trackedCount; q++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += tracked[q * n + i] * y[i];
            }
            y[n + q] = b[n + q] + c * s;
        }
        if (coupling != null) {
            int h = angleMomentOffset();
            double[] rhs = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = j; i < n; i++) {
                    s += coupling[j * n + i] * y[i];
                }
                rhs[j] = b[h + j] + c * s;
            }
            double[] z = new double[n];
            solveBlock(c, rhs, 0, z);
            System.arraycopy(z, 0, y, h, n);
        }
    }

    /** (I - c A) y = b on the N counts starting at b[from], into y[0..N). */
    private void solveBlock(double c, double[] b, int from, double[] y) {
        double s = 0;
        for (int j = n - 1; j >= 0; j--) {
            double yj = (b[from + j] + c * width[j] * s) / (1 - c * diagonal[j]);
            y[j] = yj;
            s += u[j] * yj;
        }
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        double sr = sigma[0];
        double si = sigma[1];
        double[] b = HostVectors.of(bv);
        HostVectors.Complex z = HostVectors.of(zv);
        double[] zr = z.re();
        double[] zi = z.im();
        solveBlockComplex(sr, si, b, null, 0, zr, zi, 0);
        double[] tr = trackedSums(zr);
        double[] ti = trackedSums(zi);
        for (int q = 0; q < trackedCount; q++) {
            zr[n + q] = b[n + q] + cRe * tr[q] - cIm * ti[q];
            zi[n + q] = cRe * ti[q] + cIm * tr[q];
        }
        if (coupling != null) {
            int h = angleMomentOffset();
            // (sigma - A) z_H = sigma b_H + (G o delta) z_N
            double[] xr = new double[n];
            double[] xi = new double[n];
            for (int j = 0; j < n; j++) {
                double sRe = 0;
                double sIm = 0;
                for (int i = j; i < n; i++) {
                    sRe += coupling[j * n + i] * zr[i];
                    sIm += coupling[j * n + i] * zi[i];
                }
                xr[j] = sRe;
                xi[j] = sIm;
            }
            solveBlockComplex(sr, si, b, new double[][]{xr, xi}, h, zr, zi, h);
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
     * (sigma - A) z = sigma b + extra on the N entries starting at b[from] (extra: complex, or null), into
     * z[to..to + N).
     */
    private void solveBlockComplex(double sr, double si, double[] b, double[][] extra, int from, double[] zr,
                                   double[] zi, int to) {
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
            if (extra != null) {
                xr += extra[0][j];
                xi += extra[1][j];
            }
            double yr = xr * ir[j] - xi * ii[j];
            double yi = xr * ii[j] + xi * ir[j];
            zr[to + j] = yr;
            zi[to + j] = yi;
            accRe += u[j] * yr;
            accIm += u[j] * yi;
        }
    }

}
