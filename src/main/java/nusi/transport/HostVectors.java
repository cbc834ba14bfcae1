package nusi.transport;

/**
 * The vector operations of a backend that runs on the host (Java arrays): creation, reads and writes, linear
 * combinations. Subclasses supply the operator's apply and shifted solves.
 */
abstract class HostVectors implements VectorBackend {
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

    @Override
    public Vector newVector() {
        return new Real(new double[length()]);
    }

    @Override
    public ComplexVector newComplexVector() {
        return new Complex(new double[length()], new double[length()]);
    }

    @Override
    public void write(Vector v, double[] values) {
        copyInto(values, of(v));
    }

    @Override
    public void read(Vector v, double[] values) {
        copyInto(of(v), values);
    }

    @Override
    public void read(ComplexVector v, double[] re, double[] im) {
        copyInto(of(v).re(), re);
        copyInto(of(v).im(), im);
    }

    /** out = a x + b y. OpenCL twin: combine. */
    @Override
    public void combine(double a, Vector xv, double b, Vector yv, Vector outv) {
        double[] x = of(xv);
        double[] y = of(yv);
        double[] out = of(outv);
        for (int p = 0; p < out.length; p++) {
            out[p] = a * x[p] + b * y[p];
        }
    }

    /** y = s y + Re((aRe + i aIm) z). OpenCL twin: scaleAndAddRealPart. */
    @Override
    public void scaleAndAddRealPart(double s, double aRe, double aIm, ComplexVector zv, Vector yv) {
        Complex z = of(zv);
        double[] y = of(yv);
        double[] re = z.re();
        double[] im = z.im();
        for (int p = 0; p < y.length; p++) {
            y[p] = s * y[p] + (aRe * re[p] - aIm * im[p]);
        }
    }

    /** Copies values into a vector, checking the length. */
    static void copyInto(double[] values, double[] target) {
        if (values.length != target.length) {
            throw new IllegalArgumentException("vector length " + values.length + ", expected " + target.length);
        }
        System.arraycopy(values, 0, target, 0, target.length);
    }
}
