package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;

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
 * cell-by-cell gather {@link CpuBackend#transportRateByCells}, the sweep by its residual, a full propagation
 * against the float64 CPU reference. Each backend supplies a factory and its tolerances (float64: 1e-12 on the
 * operator, 1e-10 on a propagation).
 */
public abstract class TransportBackendContractTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();

    private final double operatorTolerance;
    private final double sweepTolerance;
    private final double propagationTolerance;

    /**
     * @param operatorTolerance     largest accepted error of the rate, relative to the size of its terms:
     *                              |x - ref| / (gain + loss) per cell, since gain and loss cancel in many cells
     * @param sweepTolerance        largest accepted residual of the sweep,
     *                              |y - c A y - rhs| / (|y| + c (gain + loss)(y) + |rhs|) per cell
     * @param propagationTolerance  largest accepted relative difference of F and of the state (normwise) after a
     *                              full propagation
     */
    protected TransportBackendContractTest(double operatorTolerance, double sweepTolerance,
                                           double propagationTolerance) {
        this.operatorTolerance = operatorTolerance;
        this.sweepTolerance = sweepTolerance;
        this.propagationTolerance = propagationTolerance;
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
        double first = Math.min(0.5 * PhaseSpaceOperator.smallestDeflection(eg, xs, MEDIUM.neutrinoMass()), 0.1);
        AngleGrid ag = AngleGrid.logSpaced(angleCells, first, 0.3);
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
            b.transportRate(f, out);
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
            b.implicitSweep(c, rhs, y);
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

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"40, 24", "121, 1"})
    void fullPropagationAtTheFigure3PointAgreesWithTheFloat64Reference(int n, int k) {
        PhaseSpaceOperator op = operator(n, k, -3.5, -1.75);
        double[] init = EnergyAngleSolver.initialState(op, PinchedSpectrum.paperDefault());
        EnergyAngleSolver.Settings s = EnergyAngleSolver.Settings.defaults();
        EnergyAngleResult ref;
        try (CpuBackend cpu = new CpuBackend(op, 1)) {
            ref = EnergyAngleSolver.propagate(cpu, init, 5.0, s, EnergyAngleSolver.StepListener.NONE);
        }
        EnergyAngleResult got;
        try (TransportBackend b = create(op)) {
            got = EnergyAngleSolver.propagate(b, init, 5.0, s, EnergyAngleSolver.StepListener.NONE);
        }
        assertThat(Math.abs(got.fractionAboveThreshold() / ref.fractionAboveThreshold() - 1))
                .isLessThanOrEqualTo(propagationTolerance);
        double max = 0;
        double diff = 0;
        for (int p = 0; p < ref.state().length; p++) {
            max = Math.max(max, Math.abs(ref.state()[p]));
            diff = Math.max(diff, Math.abs(got.state()[p] - ref.state()[p]));
        }
        assertThat(diff / max).isLessThanOrEqualTo(propagationTolerance);
    }
}
