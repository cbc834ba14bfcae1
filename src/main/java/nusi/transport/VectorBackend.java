package nusi.transport;

/**
 * Operations on vectors that live where a linear operator A runs (host memory for the Java paths, device memory
 * for OpenCL): what an integrator of dv/dx = A v needs, and nothing about how A is stored. Integrators
 * ({@link CramIntegrator}, {@link TrBdf2Integrator}) are written once against this interface; the energy-angle
 * backends ({@link TransportBackend}) and the energy-only operator ({@link EnergyOnlyBackend}) implement it.
 *
 * <p>Vectors are created by the backend that uses them and released by {@link Vector#close} or, at the latest,
 * by the backend's close. Not thread-safe: one integrator drives one backend.
 */
public interface VectorBackend extends AutoCloseable {
    /** A real vector of the backend, zero-filled on creation. */
    interface Vector extends AutoCloseable {
        @Override
        default void close() {
        }
    }

    /** A complex vector (real and imaginary parts of the same length as a real one). */
    interface ComplexVector extends AutoCloseable {
        @Override
        default void close() {
        }
    }

    /** Human-readable description: backend, device, precision, threads. */
    String description();

    /** Length of every vector: the unknowns and the tracked quantities. */
    int length();

    Vector newVector();

    ComplexVector newComplexVector();

    void write(Vector v, double[] values);

    void read(Vector v, double[] values);

    void read(ComplexVector v, double[] re, double[] im);

    /** out = A x. */
    void apply(Vector x, Vector out);

    /** (I - c A) y = b for real c >= 0: one triangular sweep. */
    void shiftedSolve(double c, Vector b, Vector y);

    /**
     * (I - c A) z = b for complex c = cRe + i cIm and real b: one triangular sweep in complex arithmetic (the
     * operator's tables stay real). Solved as (sigma - A) z = sigma b with sigma = 1/c, so that the transfers
     * between cells have real coefficients and act on the real and imaginary parts separately.
     */
    void shiftedSolve(double cRe, double cIm, Vector b, ComplexVector z);

    /**
     * sigma = 1/c of a complex shift, {sigma_re, sigma_im}, for the sigma form of {@link #shiftedSolve(double,
     * double, Vector, ComplexVector)}.
     *
     * @throws IllegalArgumentException if c is zero or not finite
     */
    static double[] inverseShift(double cRe, double cIm) {
        double norm = cRe * cRe + cIm * cIm;
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException("complex shift c must be finite and non-zero, got " + cRe + " + "
                    + cIm + " i");
        }
        return new double[]{cRe / norm, -cIm / norm};
    }

    /** out = a x + b y (out may be x or y). */
    void combine(double a, Vector x, double b, Vector y, Vector out);

    /** y = s y + Re((aRe + i aIm) z): one pass for CRAM's normalised stage update. */
    void scaleAndAddRealPart(double s, double aRe, double aIm, ComplexVector z, Vector y);

    /** Waits until the backend's queued work is done (a no-op on the host). */
    default void finish() {
    }

    @Override
    default void close() {
    }

    /** out = A f on host arrays (tests, one-off uses): allocates and frees two vectors. */
    default void apply(double[] f, double[] out) {
        try (Vector x = newVector(); Vector y = newVector()) {
            write(x, f);
            apply(x, y);
            read(y, out);
        }
    }

    /** (I - c A) y = rhs on host arrays. */
    default void shiftedSolve(double c, double[] rhs, double[] y) {
        try (Vector b = newVector(); Vector out = newVector()) {
            write(b, rhs);
            shiftedSolve(c, b, out);
            read(out, y);
        }
    }

    /** (I - c A) z = rhs on host arrays, complex c. */
    default void shiftedSolve(double cRe, double cIm, double[] rhs, double[] zRe, double[] zIm) {
        try (Vector b = newVector(); ComplexVector out = newComplexVector()) {
            write(b, rhs);
            shiftedSolve(cRe, cIm, b, out);
            read(out, zRe, zIm);
        }
    }
}
