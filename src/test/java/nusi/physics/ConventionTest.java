package nusi.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import nusi.bounds.PropagationModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Lagrangian convention (nuSIprop's -(g/2) nubar nu phi, Majorana) against the paper's: a Lagrangian coupling
 * 2 g has the paper's width for g and 4 times its cross section, so with 56.65 cm^-3 per mass state it is the
 * paper's model with 4 x 56.65 = 226.6 cm^-3 (physics.md, "Conventions of other codes").
 */
class ConventionTest {
    @ParameterizedTest(name = "log10 M = {0}, log10 g_paper = {1}")
    @CsvSource({"-3.5, -1.75", "-2.9, -2.5", "-6, -1.9", "-1, -0.5"})
    void lagrangianCouplingTwiceThePapersWith5665EqualsThePapersModelWith2266(double logM, double logG) {
        Mediator paper = Mediator.ofLog10(logM, logG, Mediator.Convention.PAPER);
        Mediator lagrangian = Mediator.ofLog10(logM, logG + Math.log10(2), Mediator.Convention.LAGRANGIAN);
        assertThat(lagrangian.width()).isCloseTo(paper.width(), within(1e-15 * paper.width()));
        double m = 5e-8;
        ResonantCrossSection xp = new ResonantCrossSection(paper, m);
        ResonantCrossSection xl = new ResonantCrossSection(lagrangian, m);
        for (double e : new double[]{1e-3, 5, 17.3, 250}) {
            // the s-channel sigma = g^4 s/(16 pi Delta): 4 times the paper's at the same width
            assertThat(xl.total(e) / xp.total(e)).isCloseTo(4, within(1e-13));
            assertThat(xl.differentialPerCosine(e, 1e-9) / xp.differentialPerCosine(e, 1e-9)).isCloseTo(4, within(1e-13));
        }
        RelicMedium perState = new RelicMedium(m, 56.65, false, 50, true);
        RelicMedium four = new RelicMedium(m, 4 * 56.65, false, 50, true);
        PropagationModel lm = PropagationModel.paperDefault().withMedium(perState);
        PropagationModel pm = PropagationModel.paperDefault().withMedium(four);
        double fl = lm.fractionAboveThreshold(lagrangian);
        double fp = pm.fractionAboveThreshold(paper);
        // the target 1e-12; measured within 4.9e-15 over the four points
        assertThat(Math.abs(fl / fp - 1)).isLessThanOrEqualTo(1e-12);
        // and through the model's own convention (the bound scans' path)
        PropagationModel lagrangianModel = new PropagationModel(lm.resolution(), perState, lm.source(), 5.0,
                Mediator.Convention.LAGRANGIAN);
        assertThat(lagrangianModel.fractionAboveThreshold(logM, logG + Math.log10(2))).isEqualTo(fl);
    }
}
