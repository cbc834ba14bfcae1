package nusi.transport;

/** Vectors in Java arrays, for the backends that run on the host, and the element-wise operations on them. */
final class HostVectors {
    private HostVectors() {
    }

    record Real(double[] v) implements VectorBackend.Vector {
    }

    record Complex(double[] re, double[] im) implements VectorBackend.ComplexVector {
    }

    static double[] of(VectorBackend.Vector v) {
        return ((Real) v).v();
    }

    static Complex of(VectorBackend.ComplexVector v) {
        return (Complex) v;
    }

    static void combine(double a, double[] x, double b, double[] y, double[] out) {
        for (int p = 0; p < out.length; p++) {
            out[p] = a * x[p] + b * y[p];
        }
    }

    static void addRealPart(double aRe, double aIm, Complex z, double[] y) {
        double[] re = z.re();
        double[] im = z.im();
        for (int p = 0; p < y.length; p++) {
            y[p] += aRe * re[p] - aIm * im[p];
        }
    }

    /** Writes values into a vector, checking the length. */
    static void copyInto(double[] values, double[] target) {
        if (values.length != target.length) {
            throw new IllegalArgumentException("vector length " + values.length + ", expected " + target.length);
        }
        System.arraycopy(values, 0, target, 0, target.length);
    }
}
