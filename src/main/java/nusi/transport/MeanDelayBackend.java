package nusi.transport;

/**
 * The energy-angle state with its delay-weighted twin, for the mean arrival delay per cell
 * (physics.md, "Beyond the paper"): with f the counts and g = sum tau f (tau the delay accumulated so far), a
 * neutrino at angle theta falls behind by T (sec theta - 1) ~ T theta^2/2 per unit x and keeps its delay through a
 * scattering, so
 * <pre>
 *   df/dx = A f,    dg/dx = A g + (T theta_a^2 / 2) f      (T = D/c)
 * </pre>
 * the block [[A, 0], [Theta, A]], solved with the wrapped backend's own sweeps: a real shift costs two, a complex one
 * three (the coupling makes g's right-hand side complex; its real and imaginary parts are solved apart). At D,
 * g/f per cell is the mean delay there; summed over angles per energy bin it is the slab's mean delay per bin, which
 * with the 3D deflection (theta^2 kept by every transfer) equals the exact 3D moment chain. Host arrays; vectors hold
 * f (the wrapped backend's state) then g.
 */
public final class MeanDelayBackend extends HostVectors {
    private final VectorBackend inner;
    private final int len;
    private final int cells;
    private final double[] rate;

    /**
     * @param crossingTime T = D/c (s)
     */
    public MeanDelayBackend(TransportBackend inner, double crossingTime) {
        this(inner, crossingTime, 1);
    }

    /**
     * With the delay rate times {@code factor}: a point source's step, where the rate is T beta^2/(2 x^2) and the
     * factor the step's mean of 1/x^2.
     */
    MeanDelayBackend(TransportBackend inner, double crossingTime, double factor) {
        this.inner = inner;
        PhaseSpaceOperator op = inner.operator();
        this.len = op.stateLength();
        this.cells = op.energyBins() * op.angleCells();
        this.rate = new double[len];
        int k = op.angleCells();
        for (int p = 0; p < cells; p++) {
            double t = op.angleGrid().representativeAngle(p % k);
            rate[p] = factor * crossingTime * t * t / 2;
        }
    }

    @Override
    public String description() {
        return inner.description() + ", with the delay-weighted state";
    }

    @Override
    public int length() {
        return 2 * len;
    }

    private double[] part(double[] v, int which) {
        double[] out = new double[len];
        System.arraycopy(v, which * len, out, 0, len);
        return out;
    }

    @Override
    public void apply(Vector xv, Vector outv) {
        double[] x = HostVectors.of(xv);
        double[] out = HostVectors.of(outv);
        double[] f = part(x, 0);
        double[] g = part(x, 1);
        double[] af = new double[len];
        double[] ag = new double[len];
        inner.apply(f, af);
        inner.apply(g, ag);
        for (int p = 0; p < cells; p++) {
            ag[p] += rate[p] * f[p];
        }
        System.arraycopy(af, 0, out, 0, len);
        System.arraycopy(ag, 0, out, len, len);
    }

    @Override
    public void shiftedSolve(double c, Vector bv, Vector yv) {
        double[] b = HostVectors.of(bv);
        double[] y = HostVectors.of(yv);
        double[] yf = new double[len];
        inner.shiftedSolve(c, part(b, 0), yf);
        double[] rhs = part(b, 1);
        for (int p = 0; p < cells; p++) {
            rhs[p] += c * rate[p] * yf[p];
        }
        double[] yg = new double[len];
        inner.shiftedSolve(c, rhs, yg);
        System.arraycopy(yf, 0, y, 0, len);
        System.arraycopy(yg, 0, y, len, len);
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] b = HostVectors.of(bv);
        HostVectors.Complex z = HostVectors.of(zv);
        double[] fr = new double[len];
        double[] fi = new double[len];
        inner.shiftedSolve(cRe, cIm, part(b, 0), fr, fi);
        // (I - c A) z_g = b_g + c Theta z_f: the right-hand side's real and imaginary parts solved apart
        double[] re = part(b, 1);
        double[] im = new double[len];
        for (int p = 0; p < cells; p++) {
            re[p] += rate[p] * (cRe * fr[p] - cIm * fi[p]);
            im[p] = rate[p] * (cRe * fi[p] + cIm * fr[p]);
        }
        double[] ar = new double[len];
        double[] ai = new double[len];
        double[] br = new double[len];
        double[] bi = new double[len];
        inner.shiftedSolve(cRe, cIm, re, ar, ai);
        inner.shiftedSolve(cRe, cIm, im, br, bi);
        System.arraycopy(fr, 0, z.re(), 0, len);
        System.arraycopy(fi, 0, z.im(), 0, len);
        for (int p = 0; p < len; p++) {
            // S(re) + i S(im)
            z.re()[len + p] = ar[p] - bi[p];
            z.im()[len + p] = ai[p] + br[p];
        }
    }

    /**
     * A point source's f and g through the steps of {@link EnergyAngleSolver#propagatePointSource}: between
     * scatterings the delay grows by T beta^2/(2 x^2) per unit x (physics.md), so each step's rate carries the mean of
     * 1/x^2 over it, (1/x0 - 1/x1)/h, and the first one (x0 = 0, where only a scattering inside the step moves beta
     * off 0, to about x beta-slope) 1/x_mid^2. Returns the final state of length 2 (N K + 3).
     */
    public static double[] propagatePointSource(PhaseSpaceOperator op,
            java.util.function.Function<PhaseSpaceOperator, TransportBackend> backends, double[] initial,
            double[] edges, double crossingTime) {
        int len = op.stateLength();
        double[] v = new double[2 * len];
        System.arraycopy(initial, 0, v, 0, len);
        CramIntegrator cram = CramIntegrator.order48();
        for (int s = 0; s + 1 < edges.length; s++) {
            double x0 = edges[s];
            double x1 = edges[s + 1];
            double h = x1 - x0;
            double mid = 0.5 * (x0 + x1);
            double inverseSquare = x0 > 0 ? (1 / x0 - 1 / x1) / h : 1 / (mid * mid);
            try (TransportBackend b = backends.apply(op.withDeflectionsScaledBy(mid))) {
                v = cram.propagate(new MeanDelayBackend(b, crossingTime, inverseSquare), v, new double[]{h},
                        Integrator.Listener.NONE).states()[0];
            }
        }
        return v;
    }

    /** Per energy bin: sum over angles of g over sum of f, the mean delay (s; NaN where empty). */
    public static double[] meanDelayPerBin(PhaseSpaceOperator op, double[] state) {
        int len = op.stateLength();
        double[] f = EnergyAngleSolver.angleIntegrated(op, state);
        double[] g = EnergyAngleSolver.angleIntegrated(op, java.util.Arrays.copyOfRange(state, len, 2 * len));
        double[] mean = new double[f.length];
        for (int j = 0; j < f.length; j++) {
            mean[j] = f[j] > 0 ? g[j] / f[j] : Double.NaN;
        }
        return mean;
    }
}
