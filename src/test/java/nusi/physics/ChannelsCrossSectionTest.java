package nusi.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import nusi.numerics.GaussLegendre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The s-, t- and u-channel cross section against its limits (docs/channels.md) and brute-force integrals. */
class ChannelsCrossSectionTest {
    static final double M_NU = RelicMedium.paperDefault().neutrinoMass();

    static ChannelsCrossSection xs(double logM, double logG, Channels c) {
        return new ChannelsCrossSection(Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN), M_NU, c);
    }

    /** The x-integrals of T, U, T^2, U^2, TU in closed form against brute-force Gauss (graded toward both ends). */
    @ParameterizedTest(name = "a = {0}, x in [{1}, {2}]")
    @CsvSource({"0.05, 0.0, 1.0", "1e-3, 0.97, 1.0", "1e-8, 0.0, 0.03", "1e-8, 0.4, 0.41", "0.0999, 0.2, 0.9"})
    void closedFormsMatchBruteForce(double a, double x1, double x2) {
        double[] closed = ChannelsCrossSection.closedForms(a, x1, x2);
        double[] brute = new double[5];
        GaussLegendre rule = new GaussLegendre(20);
        // pieces graded geometrically toward x1 and x2, where the scale a sets the variation
        java.util.List<Double> cuts = new java.util.ArrayList<>(java.util.List.of(x1, x2));
        double mid = 0.5 * (x1 + x2);
        for (double h = (x2 - x1) / 2; h > 1e-14; h /= 3) {
            cuts.add(x1 + h);
            cuts.add(x2 - h);
        }
        cuts.add(mid);
        java.util.Collections.sort(cuts);
        for (int p = 0; p + 1 < cuts.size(); p++) {
            for (int k = 0; k < rule.order(); k++) {
                double x = rule.node(k, cuts.get(p), cuts.get(p + 1));
                double w = rule.weight(k, cuts.get(p), cuts.get(p + 1));
                double t = (1 - x) / (1 - x + a);
                double u = x / (x + a);
                double[] v = {t, u, t * t, u * u, t * u};
                for (int q = 0; q < 5; q++) {
                    brute[q] += w * v[q];
                }
            }
        }
        for (int q = 0; q < 5; q++) {
            // measured: within 4.2e-15 relative over these cases
            assertThat(closed[q] / brute[q] - 1).as("term %d", q).isCloseTo(0, within(2e-14));
        }
    }

    @Test
    void heavyMediatorInterferesDestructivelyToFiveSixths() {
        // M^2 >> s: sig_stu / sig_s -> (1 + 1/3 + 1/3)/2 = 5/6 (docs/channels.md, check 3), corrections O(s/M^2).
        ChannelsCrossSection c = xs(0, -2, Channels.STU);
        double e = 10;
        double a = 1.0 / (2 * M_NU * e);
        assertThat(c.relativeIntegral(e, 0, 1)).isCloseTo(5.0 / 6, within(10 / a));
    }

    @Test
    void lightMediatorScattersSixTimesAsMuch() {
        // s >> M^2: each of s/D_s, t/D_t, u/D_u -> 1 away from x = 0, 1: bracket 12 against 2 (check 4); the ends
        // cost O(a ln a).
        ChannelsCrossSection c = xs(-7, -2, Channels.STU);
        double e = 100;
        double a = 1e-14 / (2 * M_NU * e);
        assertThat(c.relativeIntegral(e, 0, 1)).isCloseTo(6, within(100 * a * Math.abs(Math.log(a))));
    }

    @Test
    void theProducedSpectrumIsSymmetricInXAndOneMinusX() {
        // t <-> u: K(x) = K(1 - x); both final neutrinos carry the same spectrum.
        for (double logM : new double[]{-7, -3.2, -2.9, 0}) {
            ChannelsCrossSection c = xs(logM, -2, Channels.STU);
            for (double e : new double[]{5, 16, 100}) {
                double left = c.relativeIntegral(e, 0, 0.3);
                double right = c.relativeIntegral(e, 0.7, 1);
                assertThat(left / right - 1).as("log10 M = %s, E = %s", logM, e).isCloseTo(0, within(1e-12));
            }
        }
    }

    /**
     * The energy carried below x0 (the energy-angle solver's outflow energy): over all of [0, 1] it is half of int K
     * by the symmetry K(x) = K(1 - x), which the closed forms give independently of the moment's Gauss pieces; with the
     * s-channel alone it is x0^2/2.
     */
    @ParameterizedTest(name = "log10 M = {0}, E = {1} MeV")
    @CsvSource({"-7, 100", "-7, 1e-5", "-3.5, 16", "-3.5, 1e-3", "-2.9, 40", "0, 10", "0, 1e-6"})
    void theEnergyMomentOverAllFinalEnergiesIsHalfTheCrossSection(double logM, double e) {
        ChannelsCrossSection c = xs(logM, -2, Channels.STU);
        double moment = c.firstMomentBelow(e, 1);
        // measured: within 1.5e-15 relative over these cases (a from 1e-9 to 1e13)
        assertThat(moment / (c.relativeIntegral(e, 0, 1) / 2) - 1).isCloseTo(0, within(1e-13));
        assertThat(xs(logM, -2, Channels.S).firstMomentBelow(e, 0.3)).isEqualTo(0.045, within(1e-17));
    }

    @Test
    void theEnergyMomentBelowAnEdgeMatchesBruteForce() {
        // x0 far below 1 with the scale a = M^2/s below and above it: 20-point Gauss on 2000 geometric pieces
        for (double logM : new double[]{-7, -4, -3.2}) {
            ChannelsCrossSection c = xs(logM, -2, Channels.STU);
            for (double x0 : new double[]{1e-9, 1e-4, 0.3}) {
                double e = 50;
                double s = 2 * M_NU * e;
                double a = Math.pow(10, 2 * logM) / s;
                GaussLegendre rule = new GaussLegendre(20);
                double brute = 0;
                double ratio = Math.pow(1e-30, 1.0 / 2000);
                double hi = x0;
                for (int p = 0; p < 2000; p++) {
                    double lo = p == 1999 ? 0 : hi * ratio;
                    for (int k = 0; k < rule.order(); k++) {
                        double x = rule.node(k, lo, hi);
                        brute += rule.weight(k, lo, hi) * x * c.factor(e, x);
                    }
                    hi = lo;
                }
                // measured: within 2.6e-14 relative, the reference's own rounding over 40000 terms
                assertThat(c.firstMomentBelow(e, x0) / brute - 1).as("log10 M = %s, x0 = %s, a = %s", logM, x0, a)
                        .isCloseTo(0, within(1e-13));
            }
        }
    }

    @Test
    void theChannelsNeedTheLagrangianConvention() {
        assertThatThrownBy(() -> new ChannelsCrossSection(Mediator.ofLog10(-3, -2), M_NU, Channels.STU))
                .hasMessageStartingWith("the s-, t- and u-channels are written in the Lagrangian convention");
    }
}
