package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;

import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhaseSpaceOperatorTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();

    /**
     * Pair-mean deflections within a bin and into the next bin down (an (Ei - lo)^(3/2) endpoint in the outer
     * integral) converge under grading: the production rule (12 pieces, ratio 1/4) against 40 pieces of ratio 1/2,
     * within 1e-11 (measured <= 5.4e-13); the plain rule over the bin was off by up to 1.2e-6, so the test can fail.
     */
    @ParameterizedTest(name = "bin {0} into bin {0} - {1}")
    @CsvSource({"10, 0", "10, 1", "40, 0", "40, 1", "63, 0", "63, 1"})
    void gradedMeanDeflectionConverges(int i, int below) {
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-3.5, -1.75), MEDIUM.neutrinoMass());
        EnergyGrid g = EnergyGrid.logSpaced(1e-5, 300, 64);
        double m = MEDIUM.neutrinoMass();
        int j = i - below;
        double production = PhaseSpaceOperator.meanDeflection(g, xs, m, i, j);
        double refined = PhaseSpaceOperator.meanDeflection(g, xs, m, i, j, 40, 0.5);
        double plain = PhaseSpaceOperator.meanDeflection(g, xs, m, i, j, 0, 0.25);
        assertThat(Math.abs(production / refined - 1)).isLessThanOrEqualTo(1e-11);
        assertThat(Math.abs(plain / refined - 1)).as("the ungraded rule's error").isGreaterThan(1e-8);
    }

    /**
     * Pair means of targets far below their source (Ef << Ei, large deflections) against a brute-force 40 x 40 Gauss
     * product rule over the two bins, written here from the kinematics alone: far from the resonance both integrands
     * are smooth. These pairs integrate in Ef itself (Ef = Ei - v^2 lost ~1e-6 at Ef = 1e-6 MeV, Ei = 273 MeV).
     */
    @org.junit.jupiter.api.Test
    void pairMeansFarBelowTheSourceMatchABruteForceDoubleIntegral() {
        double m = nusi.physics.RelicMedium.paperDefault().neutrinoMass();
        nusi.physics.ResonantCrossSection xs = new nusi.physics.ResonantCrossSection(
                nusi.physics.Mediator.ofLog10(-6, -1.75), m);
        EnergyGrid g = EnergyGrid.anchored(1e-6, 300, 80, 5);
        PhaseSpaceOperator.PairMeans pm = PhaseSpaceOperator.pairMeans(g, xs, m, 2);
        nusi.numerics.GaussLegendre rule = new nusi.numerics.GaussLegendre(40);
        int n = g.bins();
        double worst = 0;
        for (int[] pair : new int[][]{{3, n - 3}, {100, n - 1}, {300, 500}, {n - 40, n - 2}}) {
            int j = pair[0];
            int i = pair[1];
            double num = 0;
            double num2 = 0;
            double den = 0;
            for (int a = 0; a < rule.order(); a++) {
                double ei = rule.node(a, g.lowerEdge(i), g.upperEdge(i));
                double wi = rule.weight(a, g.lowerEdge(i), g.upperEdge(i)) * xs.differentialPerFinalEnergy(ei);
                for (int b = 0; b < rule.order(); b++) {
                    double ef = rule.node(b, g.lowerEdge(j), g.upperEdge(j));
                    double w = wi * rule.weight(b, g.lowerEdge(j), g.upperEdge(j));
                    double t = nusi.physics.Kinematics.deflectionAngle(ei, ef, m);
                    num += w * t;
                    num2 += w * t * t;
                    den += w;
                }
            }
            worst = Math.max(worst, Math.abs(pm.deflection()[j * n + i] / (num / den) - 1));
            worst = Math.max(worst, Math.abs(pm.squaredDeflection()[j * n + i] / (num2 / den) - 1));
        }
        // measured 2.9e-15 (the v = sqrt(Ei - Ef) nodes were off by 1.8e-6 at the first pair)
        assertThat(worst).isLessThan(1e-13);
    }
}
