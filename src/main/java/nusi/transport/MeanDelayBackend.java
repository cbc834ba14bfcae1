package nusi.transport;

/**
 * The energy-angle state with its delay-weighted twin, for the mean arrival delay per cell in the slab pictures
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
        this.inner = inner;
        PhaseSpaceOperator op = inner.operator();
        this.len = op.stateLength();
        this.cells = op.energyBins() * op.angleCells();
        this.rate = new double[len];
        int k = op.angleCells();
        for (int p = 0; p < cells; p++) {
            double t = op.angleGrid().representativeAngle(p % k);
            rate[p] = crossingTime * t * t / 2;
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

    /** Per energy bin: sum over angles of g over sum of f, the mean delay (s; NaN where empty). */
    public static double[] meanDelayPerBin(PhaseSpaceOperator op, double[] state) {
        int n = op.energyBins();
        int k = op.angleCells();
        int len = op.stateLength();
        double[] mean = new double[n];
        for (int j = 0; j < n; j++) {
            double f = 0;
            double g = 0;
            for (int a = 0; a < k; a++) {
                f += state[j * k + a];
                g += state[len + j * k + a];
            }
            mean[j] = f > 0 ? g / f : Double.NaN;
        }
        return mean;
    }
}
