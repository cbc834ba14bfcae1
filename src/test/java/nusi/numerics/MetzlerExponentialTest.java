package nusi.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.transport.EnergyOperator;
import nusi.transport.ExactEnergyPropagator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

class MetzlerExponentialTest {

    @Test
    void twoByTwoMatchesTheClosedFormAcrossTwelveDecadesOfStiffness() {
        for (double[] p : new double[][]{{-1e12, -1e-2, 3e5}, {-2.0, -2.0 + 1e-9, 1.0}, {-50, -0.5, 7}}) {
            double a = p[0];
            double b = p[1];
            double c = p[2];
            double[][] e = MetzlerExponential.exp(new double[][]{{a, 0}, {c, b}});
            double off = c * (Math.exp(b) - Math.exp(a)) / (b - a);
            if (Math.abs(b - a) < 1e-6) {
                double h = 0.5 * (b - a);
                off = c * Math.exp(a + h) * (1 + h * h / 6);
            }
            assertThat(e[0][0]).isEqualTo(Math.exp(a));
            assertThat(e[1][1]).isEqualTo(Math.exp(b));
            assertThat(e[1][0]).isCloseTo(off, within(1e-12 * off));
            assertThat(e[0][1]).isEqualTo(0.0);
        }
    }

    /** exp of a small random Metzler matrix against its Taylor series summed in 60-digit decimals. */
    @Test
    void randomMetzlerMatricesAgreeWithAHighPrecisionSeriesComponentwise() {
        Random rnd = new Random(20261125L ^ System.nanoTime());
        MathContext mc = new MathContext(60);
        for (int trial = 0; trial < 5; trial++) {
            int n = 6;
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                a[i][i] = -3 * rnd.nextDouble();
                for (int j = 0; j < i; j++) {
                    a[i][j] = rnd.nextDouble();
                }
            }
            BigDecimal[][] sum = new BigDecimal[n][n];
            BigDecimal[][] term = new BigDecimal[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    sum[i][j] = i == j ? BigDecimal.ONE : BigDecimal.ZERO;
                    term[i][j] = sum[i][j];
                }
            }
            for (int k = 1; k < 120; k++) {
                BigDecimal[][] next = new BigDecimal[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        BigDecimal s = BigDecimal.ZERO;
                        for (int l = 0; l < n; l++) {
                            s = s.add(new BigDecimal(a[i][l]).multiply(term[l][j], mc), mc);
                        }
                        next[i][j] = s.divide(BigDecimal.valueOf(k), mc);
                        sum[i][j] = sum[i][j].add(next[i][j], mc);
                    }
                }
                term = next;
            }
            double[][] e = MetzlerExponential.exp(a);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double exact = sum[i][j].doubleValue();
                    assertThat(e[i][j]).isCloseTo(exact, within(1e-13 * Math.abs(exact)));
                }
            }
        }
    }

    @Test
    void rejectsMatricesOutsideItsContract() {
        assertThatThrownBy(() -> MetzlerExponential.exp(new double[][]{{-1, 0}, {-0.5, -1}}))
                .hasMessage("off-diagonal entry (1, 0) must be >= 0, got -0.5");
        assertThatThrownBy(() -> MetzlerExponential.exp(new double[][]{{-1, 1}, {0, -1}}))
                .hasMessage("matrix is not lower triangular at (0, 1)");
    }

    /**
     * The real operator, resonance on the grid (entries of nD A up to ~1e13): exp against many small
     * TR-BDF2 steps solved with EJML's dense LU, an independent method that knows nothing of triangularity.
     */
    @Test
    void realSizeStiffOperatorAgreesWithManyImplicitStepsSolvedByDenseLu() {
        RelicMedium medium = RelicMedium.paperDefault();
        // resonance at 10 keV with g = 0.1: the resonant bin's nD sigmaBar is ~5e12
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-4.5, -1.0), medium.neutrinoMass());
        EnergyGrid grid = EnergyGrid.anchored(1e-6, 300, 20, 5);
        EnergyOperator op = EnergyOperator.build(grid, xs, medium.columnDensity());
        double[][] a = op.augmentedMatrix();
        int size = a.length;
        double maxEntry = 0;
        for (double[] row : a) {
            for (double v : row) {
                maxEntry = Math.max(maxEntry, Math.abs(v));
            }
        }
        assertThat(maxEntry).isGreaterThan(1e12);
        double[] init = ExactEnergyPropagator.initialCounts(grid, PinchedSpectrum.paperDefault());
        double[] v = new double[size];
        for (int p = 0; p < grid.bins(); p++) {
            v[p] = init[grid.bins() - 1 - p];
        }
        double[] exact = MetzlerExponential.expTimes(a, v);
        double[] h1 = trBdf2(a, v, 1000);
        double[] h2 = trBdf2(a, v, 2000);
        // Richardson for a second-order method
        double[] implicit = new double[size];
        for (int i = 0; i < size; i++) {
            implicit[i] = (4 * h2[i] - h1[i]) / 3;
        }
        double total = 0;
        for (int p = 0; p < grid.bins(); p++) {
            total += exact[p];
        }
        // every bin holding more than 1e-8 of the total, and the tracked outflow rows
        for (int p = 0; p < size; p++) {
            if (p >= grid.bins() || exact[p] > 1e-8 * total) {
                assertThat(implicit[p]).as("row %d", p).isCloseTo(exact[p], within(2e-4 * Math.abs(exact[p])));
            }
            assertThat(exact[p]).isGreaterThanOrEqualTo(0.0);
        }
    }

    /** TR-BDF2 from x = 0 to 1: a geometric ramp from 1e-14 to 1/steps, then uniform steps. */
    static double[] trBdf2(double[][] a, double[] v0, int uniformSteps) {
        int n = a.length;
        DMatrixRMaj mat = new DMatrixRMaj(a);
        DMatrixRMaj y = new DMatrixRMaj(n, 1, true, v0);
        double gamma = 2 - Math.sqrt(2);
        double x = 0;
        double h = 1e-14;
        double uniform = 1.0 / uniformSteps;
        while (x < 1 - 1e-15) {
            double step = Math.min(Math.min(h, uniform), 1 - x);
            y = trBdf2Step(mat, y, step, gamma);
            x += step;
            h *= 1.5;
        }
        return y.data.clone();
    }

    static DMatrixRMaj trBdf2Step(DMatrixRMaj a, DMatrixRMaj y0, double h, double gamma) {
        int n = a.numRows;
        DMatrixRMaj eye = CommonOps_DDRM.identity(n);
        DMatrixRMaj lhs1 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(eye, -gamma * h / 2, a, lhs1);
        DMatrixRMaj rhs1 = new DMatrixRMaj(n, 1);
        DMatrixRMaj ay0 = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(a, y0, ay0);
        CommonOps_DDRM.add(y0, gamma * h / 2, ay0, rhs1);
        DMatrixRMaj y1 = solve(lhs1, rhs1);
        double w = (1 - gamma) / (2 - gamma);
        DMatrixRMaj lhs2 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(eye, -w * h, a, lhs2);
        DMatrixRMaj rhs2 = new DMatrixRMaj(n, 1);
        double c1 = 1 / (gamma * (2 - gamma));
        double c0 = -(1 - gamma) * (1 - gamma) / (gamma * (2 - gamma));
        CommonOps_DDRM.add(c1, y1, c0, y0, rhs2);
        return solve(lhs2, rhs2);
    }

    static DMatrixRMaj solve(DMatrixRMaj lhs, DMatrixRMaj rhs) {
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(lhs.numRows);
        if (!lu.setA(lhs)) {
            throw new IllegalStateException("singular");
        }
        DMatrixRMaj x = new DMatrixRMaj(lhs.numRows, 1);
        lu.solve(rhs, x);
        return x;
    }
}
