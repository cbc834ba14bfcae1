package nusi.numerics;

/**
 * exp(A) for a lower-triangular A whose off-diagonal entries are non-negative (an essentially non-negative,
 * or Metzler, matrix): the generator of the energy cascade, whose entries reach 1e12-1e15 with a resonance
 * on the grid (physics.md, pitfall 6).
 *
 * <p>Algorithm: shift by c = max(-A_ii) so that S = A + cI >= 0, scale by 2^-s with s from the exact 1-norm
 * (never an estimate), sum the Taylor series of the non-negative S/2^s (no cancellation, so every entry is
 * accurate relative to itself), multiply by exp(-c/2^s) and square s times. Squaring non-negative matrices
 * keeps componentwise relative accuracy; the one place where it is lost, the diagonal exp(A_ii) computed as
 * exp(-c) times exp(c + A_ii), is reset to its exact value at every level, and so is the first sub-diagonal
 * (the exact 2x2 formula), which carries the coupling between neighbouring bins with nearly equal rates.
 * This follows Higham's recomputation of the diagonal blocks in scaling and squaring (Al-Mohy and Higham,
 * SIAM J. Matrix Anal. Appl. 31 (2009) 970) and the componentwise analysis of essentially non-negative
 * matrices (Xue and Ye, Numer. Math. 110 (2008) 393).
 *
 * <p>Cost: about (10 + s) n^3/6 multiply-adds. Stateless and thread-safe.
 */
public final class MetzlerExponential {
    private static final int TAYLOR_TERMS = 10;

    private MetzlerExponential() {
    }

    /** exp(A) for a square lower-triangular matrix with non-negative off-diagonal entries. */
    public static double[][] exp(double[][] a) {
        int n = a.length;
        double shift = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix must be square");
            }
            if (!Double.isFinite(a[i][i])) {
                throw new IllegalArgumentException("matrix has a non-finite diagonal entry at " + i);
            }
            for (int j = 0; j < n; j++) {
                if (j > i && a[i][j] != 0) {
                    throw new IllegalArgumentException("matrix is not lower triangular at (" + i + ", " + j + ")");
                }
                if (j < i && !(a[i][j] >= 0)) {
                    throw new IllegalArgumentException("off-diagonal entry (" + i + ", " + j + ") must be >= 0, got "
                            + a[i][j]);
                }
            }
            shift = Math.max(shift, -a[i][i]);
        }
        // exact 1-norm of S = A + cI (non-negative): max column sum
        double norm = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (int i = j; i < n; i++) {
                col += i == j ? a[i][i] + shift : a[i][j];
            }
            norm = Math.max(norm, col);
        }
        double big = Math.max(norm, shift);
        // scale so that the shifted matrix has norm <= 1/16 (10 Taylor terms then reach 1e-17)
        int s = big <= 1.0 / 16 ? 0 : Math.getExponent(big * 16) + 1;
        double scale = Math.scalb(1.0, -s);
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                b[i][j] = (i == j ? a[i][i] + shift : a[i][j]) * scale;
            }
        }
        // Horner: T = I + B(I + B/2(I + ... (I + B/K)))
        double[][] t = identity(n);
        for (int k = TAYLOR_TERMS; k >= 1; k--) {
            double[][] bt = multiplyLower(b, t);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    bt[i][j] /= k;
                }
                bt[i][i] += 1;
            }
            t = bt;
        }
        double factor = Math.exp(-shift * scale);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                t[i][j] *= factor;
            }
        }
        resetExactEntries(a, t, scale);
        for (int level = 1; level <= s; level++) {
            t = multiplyLower(t, t);
            resetExactEntries(a, t, Math.scalb(1.0, level - s));
        }
        return t;
    }

    /** exp(A) v. */
    public static double[] expTimes(double[][] a, double[] v) {
        double[][] e = exp(a);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double sum = 0;
            for (int j = 0; j <= i; j++) {
                sum += e[i][j] * v[j];
            }
            out[i] = sum;
        }
        return out;
    }

    /** Diagonal exp(t a_ii) and first sub-diagonal from the exact 2x2 exponential, at scale t. */
    private static void resetExactEntries(double[][] a, double[][] x, double t) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            x[i][i] = Math.exp(t * a[i][i]);
        }
        for (int i = 1; i < n; i++) {
            double l1 = t * a[i - 1][i - 1];
            double l2 = t * a[i][i];
            double c = t * a[i][i - 1];
            x[i][i - 1] = c * dividedDifferenceOfExp(l1, l2);
        }
    }

    /** (e^y - e^x)/(y - x), accurate when x and y are close. */
    static double dividedDifferenceOfExp(double x, double y) {
        double d = y - x;
        if (Math.abs(d) > 1e-3) {
            return (Math.exp(y) - Math.exp(x)) / d;
        }
        double h = 0.5 * d;
        // e^{(x+y)/2} sinh(h)/h, series to h^6
        double h2 = h * h;
        double sinhc = 1 + h2 / 6 * (1 + h2 / 20 * (1 + h2 / 42));
        return Math.exp(x + h) * sinhc;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** Product of two lower-triangular matrices, n^3/6 multiply-adds. */
    static double[][] multiplyLower(double[][] x, double[][] y) {
        int n = x.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] ci = c[i];
            double[] xi = x[i];
            for (int k = 0; k <= i; k++) {
                double xik = xi[k];
                if (xik == 0) {
                    continue;
                }
                double[] yk = y[k];
                for (int j = 0; j <= k; j++) {
                    ci[j] += xik * yk[j];
                }
            }
        }
        return c;
    }
}
