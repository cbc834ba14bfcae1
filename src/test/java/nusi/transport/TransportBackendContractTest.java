package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every {@link TransportBackend} must do, checked against independent references: the rate against the
 * cell-by-cell gather {@link CpuBackend#transportRateByCells}, the real and complex sweeps by their residuals
 * (fresh random inputs, the seed in the failure message), the vector operations against plain arithmetic, and a
 * full CRAM propagation against the dense triangular exponential ({@link nusi.numerics.MetzlerExponential}) of
 * the energy-only operator and the exact angle moment. Each backend supplies a factory and its tolerances.
 */
public abstract class TransportBackendContractTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();

    private final double operatorTolerance;
    private final double sweepTolerance;
    private final double propagationTolerance;
    private final double meanAngleTolerance;

    /**
     * @param operatorTolerance     largest accepted error of the rate, relative to the size of its terms:
     *                              |x - ref| / (gain + loss) per cell, since gain and loss cancel in many cells
     * @param sweepTolerance        largest accepted residual of the sweep,
     *                              |y - c A y - rhs| / (|y| + c (gain + loss)(y) + |rhs|) per cell; also the
     *                              vector operations' error relative to the sum of their terms' magnitudes
     * @param propagationTolerance  largest accepted relative difference of F and of every angle-integrated bin
     *                              above 1e-30 of the total after a full CRAM propagation (1/cos off), against
     *                              the exact energy-only exponential
     * @param meanAngleTolerance    largest accepted relative difference of the mean angle per bin from the exact
     *                              moment
     */
    protected TransportBackendContractTest(double operatorTolerance, double sweepTolerance,
                                           double propagationTolerance, double meanAngleTolerance) {
        this.operatorTolerance = operatorTolerance;
        this.sweepTolerance = sweepTolerance;
        this.propagationTolerance = propagationTolerance;
        this.meanAngleTolerance = meanAngleTolerance;
    }

    protected abstract TransportBackend create(PhaseSpaceOperator op);

    /** Per cell: the rate and the sum of the magnitudes of its terms (gain + loss; f is non-negative). */
    static double[][] rateAndMagnitude(PhaseSpaceOperator op, double[] f) {
        double[] rate = new double[f.length];
        CpuBackend.transportRateByCells(op, f, rate);
        double[] mag = rate.clone();
        int k = op.angleCells();
        for (int p = 0; p < op.energyBins() * k; p++) {
            mag[p] = rate[p] + 2 * op.lossRate(p / k) * op.secant(p % k) * f[p];
        }
        return new double[][]{rate, mag};
    }

    static PhaseSpaceOperator operator(int energyBins, int angleCells, double logM, double logG) {
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(logM, logG), MEDIUM.neutrinoMass());
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, energyBins);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs, MEDIUM.neutrinoMass(), angleCells, 0.3);
        return PhaseSpaceOperator.build(eg, ag, xs, MEDIUM.neutrinoMass(), MEDIUM.columnDensity(), true, 2);
    }

    /** Random non-negative state, fresh each run; the seed is in the failure message. */
    static double[] randomState(PhaseSpaceOperator op, long seed) {
        Random rnd = new Random(seed);
        double[] f = new double[op.stateLength()];
        for (int p = 0; p < f.length; p++) {
            f[p] = rnd.nextDouble() * Math.pow(10, -3 * rnd.nextDouble());
        }
        return f;
    }

    // Sizes chosen to be multiples of no work-group size, plus 1 x N and N x 1.
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"37, 23", "1, 19", "29, 1", "2, 2", "64, 67"})
    void rateMatchesTheCellByCellReference(int n, int k) {
        PhaseSpaceOperator op = operator(n, k, -3.5, -1.75);
        long seed = System.nanoTime();
        double[] f = randomState(op, seed);
        double[][] ref = rateAndMagnitude(op, f);
        double[] out = new double[f.length];
        Arrays.fill(out, Double.NaN); // poisoned: an unwritten cell fails
        try (TransportBackend b = create(op)) {
            b.apply(f, out);
        }
        double worst = 0;
        for (int p = 0; p < f.length; p++) {
            assertThat(out[p]).as("cell %d written (seed %d)", p, seed).isNotNaN();
            worst = Math.max(worst, Math.abs(out[p] - ref[0][p]) / ref[1][p]);
        }
        assertThat(worst).as("seed %d", seed).isLessThanOrEqualTo(operatorTolerance);
    }

    @ParameterizedTest(name = "{0} x {1}, c = {2}")
    @CsvSource({"37, 23, 1e-3", "80, 23, 1e6", "1, 19, 0.5", "29, 1, 0.5", "64, 67, 10"})
    void sweepSolvesTheImplicitSystem(int n, int k, double c) {
        PhaseSpaceOperator op = operator(n, k, -2.9, -2.5);
        long seed = System.nanoTime();
        double[] rhs = randomState(op, seed);
        double[] y = new double[rhs.length];
        Arrays.fill(y, Double.NaN);
        try (TransportBackend b = create(op)) {
            b.shiftedSolve(c, rhs, y);
        }
        for (int p = 0; p < y.length; p++) {
            assertThat(y[p]).as("cell %d written (seed %d)", p, seed).isNotNaN();
        }
        // Residual y - c A y - rhs with the independent cell-by-cell rate.
        double[][] ay = rateAndMagnitude(op, y);
        double worst = 0;
        for (int p = 0; p < y.length; p++) {
            double residual = y[p] - c * ay[0][p] - rhs[p];
            double scale = Math.abs(y[p]) + c * Math.abs(ay[1][p]) + Math.abs(rhs[p]);
            worst = Math.max(worst, Math.abs(residual) / scale);
        }
        assertThat(worst).as("seed %d", seed).isLessThanOrEqualTo(sweepTolerance);
    }

    // c = x / theta for CRAM-48's first and last poles (x = 1, 1e-3) and a purely imaginary one.
    @ParameterizedTest(name = "{0} x {1}, c = {2} + {3} i")
    @CsvSource({"37, 23, -0.0067, -0.0093", "80, 23, 0.0327, -0.0325", "1, 19, 0, 0.5", "29, 1, 0.0327, -0.0325",
        "64, 67, 3.2e-5, -3.2e-5"})
    void complexSweepSolvesTheShiftedSystem(int n, int k, double cRe, double cIm) {
        PhaseSpaceOperator op = operator(n, k, -2.9, -2.5);
        long seed = System.nanoTime();
        double[] rhs = randomState(op, seed);
        double[] zr = new double[rhs.length];
        double[] zi = new double[rhs.length];
        Arrays.fill(zr, Double.NaN);
        Arrays.fill(zi, Double.NaN);
        try (TransportBackend b = create(op)) {
            b.shiftedSolve(cRe, cIm, rhs, zr, zi);
        }
        for (int p = 0; p < zr.length; p++) {
            assertThat(zr[p]).as("cell %d written (seed %d)", p, seed).isNotNaN();
            assertThat(zi[p]).as("cell %d written (seed %d)", p, seed).isNotNaN();
        }
        // Residual z - c A z - rhs (A real: A z = A zr + i A zi) with the independent cell-by-cell rate; the scale
        // is the size of the terms, from |zr| and |zi|.
        double[] azr = rateAndMagnitude(op, zr)[0];
        double[] azi = rateAndMagnitude(op, zi)[0];
        double[] absSum = new double[zr.length];
        for (int p = 0; p < zr.length; p++) {
            absSum[p] = Math.abs(zr[p]) + Math.abs(zi[p]);
        }
        double[] mag = rateAndMagnitude(op, absSum)[1];
        double cAbs = Math.hypot(cRe, cIm);
        double worst = 0;
        for (int p = 0; p < zr.length; p++) {
            double resRe = zr[p] - (cRe * azr[p] - cIm * azi[p]) - rhs[p];
            double resIm = zi[p] - (cRe * azi[p] + cIm * azr[p]);
            double scale = absSum[p] + cAbs * Math.abs(mag[p]) + Math.abs(rhs[p]);
            worst = Math.max(worst, Math.hypot(resRe, resIm) / scale);
        }
        assertThat(worst).as("seed %d", seed).isLessThanOrEqualTo(sweepTolerance);
    }

    @org.junit.jupiter.api.Test
    void vectorOperationsMatchPlainArithmetic() {
        PhaseSpaceOperator op = operator(7, 5, -3.5, -1.75);
        long seed = System.nanoTime();
        double[] x = randomState(op, seed);
        double[] y = randomState(op, seed + 1);
        double[] got = new double[x.length];
        double[] zr = new double[x.length];
        double[] zi = new double[x.length];
        try (TransportBackend b = create(op);
             VectorBackend.Vector vx = b.newVector(); VectorBackend.Vector vy = b.newVector();
             VectorBackend.ComplexVector z = b.newComplexVector()) {
            b.write(vx, x);
            b.write(vy, y);
            b.combine(0.75, vx, -2.5, vy, vx);
            b.read(vx, got);
            for (int p = 0; p < x.length; p++) {
                assertThat(got[p]).as("combine %d (seed %d)", p, seed)
                        .isCloseTo(0.75 * x[p] - 2.5 * y[p], within(sweepTolerance * (Math.abs(x[p]) + 3 * Math.abs(y[p]))));
            }
            // z = (I - cA)^-1 y, then vy += Re(a z)
            b.shiftedSolve(0.1, -0.2, vy, z);
            b.read(z, zr, zi);
            b.scaleAndAddRealPart(0.25, 3.0, -0.5, z, vy);
            b.read(vy, got);
            for (int p = 0; p < x.length; p++) {
                double expected = 0.25 * y[p] + 3.0 * zr[p] + 0.5 * zi[p];
                assertThat(got[p]).as("scaleAndAddRealPart %d (seed %d)", p, seed).isCloseTo(expected,
                        within(sweepTolerance * (Math.abs(y[p]) + 3 * Math.abs(zr[p]) + Math.abs(zi[p]))));
            }
        }
    }

    /**
     * CRAM-48 on the backend, 1/cos off, against the dense triangular exponential of the energy-only operator on the
     * same energy grid (an independent method: scaling and squaring, EJML-free plain Java) and against the exact
     * planar mean angle per bin from the moment chain. At the Fig. 3 point and on resonance (optical depths to 1e12).
     */
    @ParameterizedTest(name = "{0} x {1}, log10 M = {2}, log10 g = {3}")
    @CsvSource({"40, 24, -3.5, -1.75", "33, 17, -2.9, -2.5", "121, 1, -3.5, -1.75"})
    void cramPropagationEqualsTheExactEnergyOnlyExponential(int n, int k, double logM, double logG) {
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(logM, logG), MEDIUM.neutrinoMass());
        // 1e-2 MeV up: the planar mean angle stays below ~0.01 rad, far inside theta_max = 1.2 rad, so the angular
        // outflow (which breaks the mean-angle identity) is below rounding (from 1e-3 MeV it reached 7e-12).
        EnergyGrid eg = EnergyGrid.logSpaced(1e-2, 300, n);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs, MEDIUM.neutrinoMass(), k, 1.2);
        PhaseSpaceOperator op = PhaseSpaceOperator.build(eg, ag, xs, MEDIUM.neutrinoMass(), MEDIUM.columnDensity(),
                false, 2);
        double[] init = EnergyAngleSolver.initialState(op, PinchedSpectrum.paperDefault());
        EnergyAngleResult got;
        try (TransportBackend b = create(op)) {
            got = EnergyAngleSolver.propagate(b, init, 5.0, CramIntegrator.order48(),
                    EnergyAngleSolver.StepListener.NONE);
        }
        EnergyOperator eop = EnergyOperator.build(eg, xs, MEDIUM.columnDensity());
        double[] exact = ExactEnergyReference.denseExponential(eop, got.initialCounts());
        double total = 0;
        for (double c : exact) {
            total += c;
        }
        double[] counts = got.angleIntegratedCounts();
        for (int j = 0; j < n; j++) {
            if (exact[j] > 1e-30 * total) {
                assertThat(Math.abs(counts[j] / exact[j] - 1)).as("bin %d", j).isLessThanOrEqualTo(propagationTolerance);
            }
        }
        double fExact = eg.countAbove(exact, 5.0);
        assertThat(Math.abs(got.fractionAboveThreshold() / fExact - 1)).isLessThanOrEqualTo(propagationTolerance);
        if (k > 1) {
            double[] exactMean = ExactEnergyPropagator.meanAnglePerBin(eop, op.arrays().shift(), got.initialCounts(),
                    1.0);
            double[] mean = got.meanAnglePerBin();
            for (int j = 0; j < n; j++) {
                if (exact[j] > 1e-30 * total) {
                    assertThat(Math.abs(mean[j] / exactMean[j] - 1)).as("mean angle, bin %d", j)
                            .isLessThanOrEqualTo(meanAngleTolerance);
                }
            }
        }
    }
}
