package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CRAM-48 (Pusa 2016) as a scalar approximation and as the exact energy-only propagation. */
class CramIntegratorTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();

    @Test
    void coefficientsAreReadBackFromThePackagedFile() {
        CramIntegrator.Coefficients c48 = CramIntegrator.coefficients(48);
        assertThat(c48.poles()).isEqualTo(24);
        // First and last rows and alpha0 of order 48 as printed in cram_ipf.csv (Pusa 2016, Table).
        assertThat(c48.alpha0()).isEqualTo(2.258038182743983e-47);
        assertThat(c48.thetaRe()[0]).isEqualTo(-4.465731934165702e+01);
        assertThat(c48.thetaIm()[0]).isEqualTo(6.233225190695437e+01);
        assertThat(c48.alphaRe()[23]).isEqualTo(1.041366366475571e+02);
        assertThat(c48.alphaIm()[23]).isEqualTo(-2.777743732451969e+02);
        CramIntegrator.Coefficients c16 = CramIntegrator.coefficients(16);
        assertThat(c16.poles()).isEqualTo(8);
        assertThat(c16.alpha0()).isEqualTo(2.124853710495224e-16);
        // The normalised form's final factor is r(0) = alpha0 prod(stage norms): 1 to rounding.
        assertThat(Math.abs(c48.finalFactor() - 1)).isLessThan(1e-13);
    }

    @Test
    void aFileWithoutTheRequestedOrderIsRefusedNamingWhatIsMissing() {
        String csv = "# alpha0: order 16: 2e-16\norder,k,theta_re,theta_im,alpha_re,alpha_im\n16,0,1,2,3,4\n";
        assertThatThrownBy(() -> CramIntegrator.parse(new BufferedReader(new StringReader(csv)), 48))
                .hasMessage("CRAM order 48: expected alpha0 and 24 poles in cram_ipf.csv, found null and 0");
    }

    /** exp(-x) on [0, 1e15], log-spaced plus the start: absolute error 1e-15 (measured worst: printed). */
    @Test
    void scalarOrder48ApproximatesExpOnTheNegativeAxisTo1e15Absolute() {
        CramIntegrator.Coefficients c = CramIntegrator.coefficients(48);
        double worst = 0;
        double worstX = 0;
        for (int i = -1; i <= 3000; i++) {
            double x = i < 0 ? 0 : Math.pow(10, -6 + 21.0 * i / 3000);
            double err = Math.abs(c.evaluate(-x) - Math.exp(-x));
            if (err > worst) {
                worst = err;
                worstX = x;
            }
        }
        // Pusa's uniform error for order 48 is ~1e-47; what remains is rounding (measured worst: printed on failure; 2.2e-16 when written).
        assertThat(worst).as("worst at x = %s", worstX).isLessThanOrEqualTo(1e-15);
        // Order 16's uniform error is ~2e-16 (Pusa): the same bound holds.
        CramIntegrator.Coefficients c16 = CramIntegrator.coefficients(16);
        for (int i = 0; i <= 300; i++) {
            double x = Math.pow(10, -6 + 21.0 * i / 300);
            assertThat(Math.abs(c16.evaluate(-x) - Math.exp(-x))).as("order 16 at x = %s", x).isLessThanOrEqualTo(1e-15);
        }
    }

    /**
     * CRAM-48 on the rank-one energy-only backend against the dense triangular exponential
     * ({@link nusi.numerics.MetzlerExponential}): every bin above 1e-30 of the total within 1e-12 relative, and the
     * tracked quantities. Points: the Fig. 3 point, on resonance (E_res = 16 MeV), resonance at 10 keV with g = 0.1
     * (optical depth of the resonant bin ~5e12), and a light mediator far below the resonance scale.
     */
    @ParameterizedTest(name = "log10 M = {0}, log10 g = {1}")
    @CsvSource({"-3.5, -1.75", "-2.9, -2.5", "-4.5, -1.0", "-7.0, -1.5", "-6.0, -2.2"})
    void energyOnlyCramAgreesWithTheDenseTriangularExponential(double logM, double logG) {
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(logM, logG), MEDIUM.neutrinoMass());
        EnergyGrid grid = EnergyGrid.anchored(1e-6, 300, 20, 5);
        EnergyOperator op = EnergyOperator.build(grid, xs, MEDIUM.columnDensity());
        double maxDepth = 0;
        for (int i = 0; i < grid.bins(); i++) {
            maxDepth = Math.max(maxDepth, MEDIUM.columnDensity() * op.meanCrossSection(i));
        }
        if (logM == -4.5) {
            assertThat(maxDepth).isGreaterThan(1e12);
        }
        if (logM == -2.9) {
            // compared is counted below; on resonance most bins hold more than 1e-30 of the total
            assertThat(maxDepth).isGreaterThan(1);
        }
        double[] init = ExactEnergyPropagator.initialCounts(grid, SOURCE);
        double[] exact = ExactEnergyReference.denseExponentialWithTracked(op, init);
        EnergySpectrumResult r = ExactEnergyPropagator.propagate(op, init, 5.0);
        // CRAM's error is absolute, ~1e-47 of the initial total: bins above 1e-30 of it are exact to rounding.
        double total = 0;
        for (double c : init) {
            total += c;
        }
        double worst = 0;
        int compared = 0;
        for (int j = 0; j < grid.bins(); j++) {
            if (exact[j] > 1e-30 * total) {
                worst = Math.max(worst, Math.abs(r.finalCounts()[j] / exact[j] - 1));
                compared++;
            }
            // Below that, the absolute error stays near CRAM's floor, amplified by the operator's non-normality:
            // measured 8e-48 of the initial total at log10 M = -7, g = 10^-1.5 (where everything has fallen to
            // 3e-44 of it) and 6.9e-40 at log10 M = -4.5, g = 0.1 (exact counts below 1e-300). Stated: 1e-38.
            assertThat(Math.abs(r.finalCounts()[j] - exact[j])).as("bin %d", j)
                    .isLessThanOrEqualTo(1e-12 * exact[j] + 1e-38 * total);
        }
        assertThat(worst).isLessThanOrEqualTo(1e-12);
        if (logM != -7.0 && logM != -4.5) {
            assertThat(compared).as("bins compared").isGreaterThan(grid.bins() / 2);
        }
        int n = grid.bins();
        double[] tracked = {r.outflowCount(), r.outflowEnergy(), r.injectedEnergy()};
        for (int q = 0; q < 3; q++) {
            assertThat(Math.abs(tracked[q] - exact[n + q])).as("tracked %d", q)
                    .isLessThanOrEqualTo(1e-12 * Math.abs(exact[n + q]) + 1e-45);
        }
    }

    /** exp(x2 A) = exp((x2 - x1) A) exp(x1 A): several distances in one call equal separate propagations. */
    @Test
    void distancesChainExponentials() {
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-3.5, -1.75), MEDIUM.neutrinoMass());
        EnergyGrid grid = EnergyGrid.anchored(1e-4, 300, 20, 5);
        EnergyOnlyBackend b = EnergyOnlyBackend.of(EnergyOperator.build(grid, xs, MEDIUM.columnDensity()));
        double[] v = new double[b.length()];
        System.arraycopy(ExactEnergyPropagator.initialCounts(grid, SOURCE), 0, v, 0, grid.bins());
        CramIntegrator cram = CramIntegrator.order48();
        double[][] chained = cram.propagate(b, v, new double[]{0.2, 0.5, 1.0}, Integrator.Listener.NONE).states();
        double[] single = cram.propagate(b, v, new double[]{0.5}, Integrator.Listener.NONE).states()[0];
        double total = 0;
        for (int j = 0; j < grid.bins(); j++) {
            total += single[j];
        }
        for (int j = 0; j < grid.bins(); j++) {
            if (single[j] > 1e-30 * total) {
                assertThat(Math.abs(chained[1][j] / single[j] - 1)).as("bin %d", j).isLessThan(1e-12);
            }
        }
        assertThatThrownBy(() -> cram.propagate(b, v, new double[]{0.5, 0.2}, Integrator.Listener.NONE))
                .hasMessage("distances must be finite, positive and increasing, got [0.5, 0.2]");
    }
}
