package nusi.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * exp(x A) v by the Chebyshev rational approximation of exp on the negative real axis (CRAM), in incomplete
 * partial fraction form: y <- v; for each pole k: y <- y + 2 Re(alpha_k (x A - theta_k I)^-1 y); then
 * exp(x A) v ~ alpha0 y (here normalised stage by stage, see {@link Coefficients#stageNorm}). M. Pusa, Nucl. Sci. Eng. 182 (2016) 297, doi:10.13182/NSE15-26; coefficients in
 * {@code cram_ipf.csv} (from shared/data). The operator of Eq. 8 is r-independent with a real non-positive
 * spectrum, so this is the exact propagation up to CRAM's uniform error (~1e-47 of the size of the initial
 * state for order 48) and rounding. Each pole is one complex shifted solve, (x A - theta)^-1 y = -(1/theta) z
 * with (I - (x/theta) A) z = y: one triangular sweep.
 *
 * <p>Several distances: exp(x2 A) v = exp((x2 - x1) A) exp(x1 A) v, one more exponential each. Immutable.
 */
public final class CramIntegrator implements Integrator {
    private final Coefficients coefficients;

    /** CRAM's IPF coefficients of one order: alpha0 and the poles theta_k with weights alpha_k. */
    public record Coefficients(int order, double alpha0, double[] thetaRe, double[] thetaIm, double[] alphaRe,
                               double[] alphaIm) {
        public int poles() {
            return thetaRe.length;
        }

        /**
         * Stage k's factor on a null mode (z = 0): 1 + 2 Re(alpha_k / (-theta_k)). The raw IPF product grows to
         * ~1/alpha0 = 4e46 before the final alpha0 (overflowing float32); dividing each stage by this factor keeps
         * every partial product near 1 (measured on the scalar form: at most 1.07 for z in [-1e15, 0]).
         */
        public double stageNorm(int k) {
            double t2 = thetaRe[k] * thetaRe[k] + thetaIm[k] * thetaIm[k];
            return 1 - 2 * (alphaRe[k] * thetaRe[k] + alphaIm[k] * thetaIm[k]) / t2;
        }

        /** alpha0 times the product of the stage norms: the final factor of the normalised form (~1). */
        public double finalFactor() {
            double p = alpha0;
            for (int k = 0; k < poles(); k++) {
                p *= stageNorm(k);
            }
            return p;
        }

        /**
         * The rational approximation r(z) of exp(z) for real z <= 0, in its IPF product form evaluated in 34-digit
         * decimal arithmetic: the approximation itself, free of the rounding of a double evaluation (which reaches
         * ~1e-15 over 24 stages), for tests of the coefficients.
         */
        public double evaluate(double z) {
            java.math.MathContext mc = java.math.MathContext.DECIMAL128;
            java.math.BigDecimal x = new java.math.BigDecimal(z);
            java.math.BigDecimal y = java.math.BigDecimal.ONE;
            java.math.BigDecimal two = java.math.BigDecimal.valueOf(2);
            for (int k = 0; k < poles(); k++) {
                java.math.BigDecimal dr = x.subtract(new java.math.BigDecimal(thetaRe[k]), mc);
                java.math.BigDecimal di = new java.math.BigDecimal(-thetaIm[k]);
                java.math.BigDecimal den = dr.multiply(dr, mc).add(di.multiply(di, mc), mc);
                java.math.BigDecimal qr = new java.math.BigDecimal(alphaRe[k]).multiply(dr, mc)
                        .add(new java.math.BigDecimal(alphaIm[k]).multiply(di, mc), mc).divide(den, mc);
                y = y.add(two.multiply(qr, mc).multiply(y, mc), mc);
            }
            return new java.math.BigDecimal(alpha0).multiply(y, mc).doubleValue();
        }
    }

    public CramIntegrator(int order) {
        this.coefficients = coefficients(order);
    }

    /** Order 48: the default (order 16 is exact for F but loses relative accuracy in bins far below the total). */
    public static CramIntegrator order48() {
        return new CramIntegrator(48);
    }

    public Coefficients coefficients() {
        return coefficients;
    }

    @Override
    public String name() {
        return "cram" + coefficients.order();
    }

    /** v <- exp(x A) v in place, with z as complex scratch. */
    public void exponential(VectorBackend backend, double x, VectorBackend.Vector v, VectorBackend.ComplexVector z) {
        Coefficients c = coefficients;
        for (int k = 0; k < c.poles(); k++) {
            double tr = c.thetaRe[k];
            double ti = c.thetaIm[k];
            double t2 = tr * tr + ti * ti;
            // c = x / theta
            backend.shiftedSolve(x * tr / t2, -x * ti / t2, v, z);
            // v <- (v + 2 Re(alpha (xA - theta)^-1 v)) / norm = v / norm + Re((-2 alpha / (theta norm)) z)
            double ar = c.alphaRe[k];
            double ai = c.alphaIm[k];
            double g = c.stageNorm(k);
            double qr = -2 * (ar * tr + ai * ti) / t2 / g;
            double qi = -2 * (ai * tr - ar * ti) / t2 / g;
            backend.scaleAndAddRealPart(1 / g, qr, qi, z, v);
        }
        backend.combine(c.finalFactor(), v, 0, v, v);
    }

    @Override
    public Propagation propagate(VectorBackend backend, double[] initial, double[] distances, Listener listener) {
        Integrator.requireIncreasing(distances);
        double[][] states = new double[distances.length][];
        double[] errors = new double[distances.length];
        int poles = coefficients.poles();
        long total = (long) poles * distances.length;
        try (VectorBackend.Vector v = backend.newVector(); VectorBackend.ComplexVector z = backend.newComplexVector()) {
            backend.write(v, initial);
            double x = 0;
            for (int d = 0; d < distances.length; d++) {
                exponential(backend, distances[d] - x, v, z);
                x = distances[d];
                states[d] = new double[initial.length];
                backend.read(v, states[d]);
                // The approximation error is uniform on the axis and far below rounding: what remains is rounding.
                errors[d] = Math.ulp(1.0) * poles;
                listener.progress((long) poles * (d + 1), total, 0);
            }
        }
        return new Propagation(states, errors, total, poles);
    }

    /** The coefficients of one order (16 or 48) from the packaged csv. */
    public static Coefficients coefficients(int order) {
        try (InputStream in = CramIntegrator.class.getResourceAsStream("cram_ipf.csv")) {
            if (in == null) {
                throw new IllegalStateException("cram_ipf.csv missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the csv: comment lines (alpha0 per order), a header, then order,k,theta_re,theta_im,alpha_re,alpha_im. */
    static Coefficients parse(BufferedReader r, int order) throws IOException {
        Double alpha0 = null;
        List<double[]> rows = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("#")) {
                int at = line.indexOf("order " + order + ":");
                if (line.contains("alpha0") && at >= 0) {
                    String rest = line.substring(at + ("order " + order + ":").length()).trim();
                    int end = rest.indexOf(';');
                    alpha0 = Double.parseDouble((end >= 0 ? rest.substring(0, end) : rest).trim());
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("order")) {
                continue;
            }
            String[] p = line.split(",");
            if (Integer.parseInt(p[0].trim()) == order) {
                rows.add(new double[]{Double.parseDouble(p[2]), Double.parseDouble(p[3]), Double.parseDouble(p[4]),
                    Double.parseDouble(p[5])});
            }
        }
        if (alpha0 == null || rows.size() != order / 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "CRAM order %d: expected alpha0 and %d poles in cram_ipf.csv, found %s and %d", order, order / 2,
                    alpha0, rows.size()));
        }
        int m = rows.size();
        double[] tr = new double[m];
        double[] ti = new double[m];
        double[] ar = new double[m];
        double[] ai = new double[m];
        for (int k = 0; k < m; k++) {
            tr[k] = rows.get(k)[0];
            ti[k] = rows.get(k)[1];
            ar[k] = rows.get(k)[2];
            ai[k] = rows.get(k)[3];
        }
        return new Coefficients(order, alpha0, tr, ti, ar, ai);
    }
}
