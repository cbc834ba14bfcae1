package nusi.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import nusi.numerics.GaussLegendre;
import nusi.physics.PhysicalConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The core bound (Eqs. 2, 3, 7) and the ingredients of its decoupling-region model. */
class CoreModelTest {
    @ParameterizedTest
    @EnumSource(CoreModel.Profile.class)
    void twoToFourScatteringsScaleAsGToTheEighth(CoreModel.Profile profile) {
        CoreModel c = CoreModel.paperDefault(profile);
        for (double m : new double[]{1e-3, 60, 1e3}) {
            double n1 = c.twoToFourScatterings(m, 0.01);
            double n2 = c.twoToFourScatterings(m, 0.02);
            assertThat(n2 / n1).isCloseTo(256.0, within(256 * 1e-12));
        }
    }

    @Test
    void wellAboveTheCentreOfMassEnergyTheBoundGrowsAsM() {
        CoreModel c = CoreModel.paperDefault(CoreModel.Profile.UNIFORM);
        double ecm = c.centreOfMassEnergy();
        double b1 = c.boundLog10Coupling(10 * ecm);
        double b2 = c.boundLog10Coupling(1000 * ecm);
        assertThat(b2 - b1).isCloseTo(2.0, within(1e-12));
        // Below Ecm Eq. 3 does not depend on M; Eqs. 2 and 3 join continuously at Ecm = M.
        assertThat(c.boundLog10Coupling(1e-6)).isCloseTo(c.boundLog10Coupling(0.5 * ecm), within(1e-12));
        assertThat(CoreModel.twoToFourCrossSection(ecm, ecm * (1 + 1e-12), 0.1))
                .isCloseTo(CoreModel.twoToFourCrossSection(ecm, ecm * (1 - 1e-12), 0.1), within(1e-20));
        // The end of the bound is where g* reaches the top of the range.
        double end = c.maximumExcludedLog10Mass(1.0);
        assertThat(c.boundLog10Coupling(Math.pow(10, end))).isCloseTo(1.0, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(CoreModel.Profile.class)
    void defaultAndConservativeCasesAgreeWithinThePapersRobustnessClaim(CoreModel.Profile profile) {
        double d = CoreModel.paperDefault(profile).boundLog10Coupling(1e-3);
        double c = CoreModel.conservative(profile).boundLog10Coupling(1e-3);
        assertThat(c).as("conservative is weaker").isGreaterThan(d);
        assertThat(c - d).isLessThan(0.3);
    }

    @Test
    void fermiDiracIngredientsAgreeWithDirectIntegration() {
        CoreModel c = CoreModel.paperDefault(CoreModel.Profile.UNIFORM);
        double t = c.temperature();
        // Number density and <E> and <E^2> of a massless Fermi-Dirac gas, integrated numerically.
        double n = integrate(e -> e * e / (Math.exp(e / t) + 1), 60 * t) / (2 * Math.PI * Math.PI);
        double e1 = integrate(e -> e * e * e / (Math.exp(e / t) + 1), 60 * t)
                / (2 * Math.PI * Math.PI) / n;
        double e2 = integrate(e -> Math.pow(e, 4) / (Math.exp(e / t) + 1), 60 * t)
                / (2 * Math.PI * Math.PI) / n;
        assertThat(c.neutrinoDensityPerCm3()).isCloseTo(6 * PhysicalConstants.perMev3ToPerCm3(n),
                within(1e-9 * c.neutrinoDensityPerCm3()));
        assertThat(e1).as("T = <E>/3.15 is the Fermi-Dirac relation").isCloseTo(c.meanEnergy(), within(0.01 * c.meanEnergy()));
        assertThat(c.meanNucleonCrossSectionCm2()).isCloseTo(CoreModel.SIGMA_NU_N_CM2_PER_MEV2 * e2,
                within(1e-9 * c.meanNucleonCrossSectionCm2()));
        // The neutrino-nucleon normalisation: ~9.4e-44 cm^2 at 1 MeV.
        assertThat(CoreModel.SIGMA_NU_N_CM2_PER_MEV2).isBetween(9.0e-44, 9.8e-44);
    }

    private static double integrate(java.util.function.DoubleUnaryOperator f, double b) {
        GaussLegendre gl = new GaussLegendre(12);
        double sum = 0;
        int pieces = 120;
        for (int k = 0; k < pieces; k++) {
            sum += gl.integrate(f, b * k / pieces, b * (k + 1) / pieces);
        }
        return sum;
    }
}
