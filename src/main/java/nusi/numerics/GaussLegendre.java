package nusi.numerics;

import java.util.function.DoubleUnaryOperator;

/**
 * Fixed-order Gauss-Legendre rule on [a, b]. Nodes and weights are computed once by Newton iteration
 * on the Legendre polynomial (Golub and Welsch would do as well); immutable and thread-safe.
 */
public final class GaussLegendre {
    private final double[] nodes;
    private final double[] weights;

    /** A rule exact for polynomials of degree 2n - 1. */
    public GaussLegendre(int n) {
        if (n < 1 || n > 200) {
            throw new IllegalArgumentException("Gauss-Legendre order must be in [1, 200], got " + n);
        }
        nodes = new double[n];
        weights = new double[n];
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                if (n == 1) {
                    p0 = 1;
                    p1 = x;
                }
                dp = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            nodes[i] = x;
            weights[i] = 2.0 / ((1 - x * x) * dp * dp);
        }
    }

    public int order() {
        return nodes.length;
    }

    /** Integral of f over [a, b]. */
    public double integrate(DoubleUnaryOperator f, double a, double b) {
        double half = 0.5 * (b - a);
        double mid = 0.5 * (a + b);
        double sum = 0;
        for (int i = 0; i < nodes.length; i++) {
            sum += weights[i] * f.applyAsDouble(mid + half * nodes[i]);
        }
        return sum * half;
    }

    /** Node i mapped to [a, b]. */
    public double node(int i, double a, double b) {
        return 0.5 * (a + b) + 0.5 * (b - a) * nodes[i];
    }

    /** Weight i for [a, b]. */
    public double weight(int i, double a, double b) {
        return 0.5 * (b - a) * weights[i];
    }
}
