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
}
