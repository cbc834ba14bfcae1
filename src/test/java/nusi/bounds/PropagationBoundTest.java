package nusi.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import nusi.physics.RelicMedium;
import org.junit.jupiter.api.Test;

/** The propagation bound g*(M): root finding on a non-monotone F, its M-independence and the Dirac shift. */
class PropagationBoundTest {
    private final PropagationModel model = PropagationModel.paperDefault();

    @Test
    void nonMonotoneFractionStillGivesTheCrossingThatBoundsTheExcludedRegion() {
        double logM = -2.5; // near the resonance scale F rises above 1 before collapsing
        CouplingSearch search = CouplingSearch.paperDefault();
        BoundPoint b = search.search(logM, lg -> model.fractionAboveThreshold(logM, lg));
        assertThat(b.status()).isEqualTo(BoundPoint.Status.BOUNDED);
        assertThat(b.maxFraction()).as("up-scattered relic neutrinos lift F above 1").isGreaterThan(1.0);
        // F(g*) = 0.01 within the tolerance: F falls by ~10 decades per 0.25 in log10 g here.
        double fAtBound = model.fractionAboveThreshold(logM, b.log10Coupling());
        assertThat(Math.abs(Math.log10(fAtBound / 0.01))).isLessThan(0.3);
        // Everything below g* (minus the tolerance) is allowed, everything a bit above is excluded.
        for (double lg = -6; lg < b.log10Coupling() - search.tolerance(); lg += 0.05) {
            assertThat(model.fractionAboveThreshold(logM, lg)).as("F at log10 g = %s", lg).isGreaterThan(0.01);
        }
        assertThat(model.fractionAboveThreshold(logM, b.log10Coupling() + search.tolerance())).isLessThan(0.01);
        // A bisection on the whole range would also be told "F > 0.01" at the midpoint: the point of walking up
        // is that the first crossing is found even if F were to return above 0.01 somewhere else.
    }

    @Test
    void boundIsIndependentOfMassDeepBelowTheResonanceScaleAndWeakensAbove() {
        CouplingSearch search = CouplingSearch.paperDefault();
        double b7 = search.search(-7, lg -> model.fractionAboveThreshold(-7, lg)).log10Coupling();
        double b6 = search.search(-6, lg -> model.fractionAboveThreshold(-6, lg)).log10Coupling();
        assertThat(b6).isCloseTo(b7, within(search.tolerance()));
        double b1 = search.search(-1, lg -> model.fractionAboveThreshold(-1, lg)).log10Coupling();
        assertThat(b1).as("above the resonance scale sigma ~ g^4 E m/M^4: g* grows with M").isGreaterThan(b7 + 1);
        BoundPoint end = search.search(0, lg -> model.fractionAboveThreshold(0, lg));
        assertThat(end.status()).as("M = 1 MeV: no g <= 10 excludes it").isEqualTo(BoundPoint.Status.NOT_EXCLUDED_IN_RANGE);
    }

    @Test
    void diracNeutrinosHalveTheTargetsAndShiftTheFlatBoundByLog2Over4() {
        // Far below the resonance sigma ~ g^4, so F depends on n g^4 only: halving n costs a factor 2^(1/4) in g.
        CouplingSearch precise = new CouplingSearch(-6, 1, 0.25, 1e-5, 0.01);
        PropagationModel dirac = model.withMedium(RelicMedium.paperDefault().withDirac(true));
        double majorana = precise.search(-6, lg -> model.fractionAboveThreshold(-6, lg)).log10Coupling();
        double d = precise.search(-6, lg -> dirac.fractionAboveThreshold(-6, lg)).log10Coupling();
        assertThat(d - majorana).isCloseTo(Math.log10(2) / 4, within(1e-4));
    }

    @Test
    void rangeWithoutAnyAllowedCouplingIsReportedAsExcludedAtTheMinimum() {
        CouplingSearch search = new CouplingSearch(-1, 1, 0.25, 0.005, 0.01);
        BoundPoint b = search.search(-6, lg -> model.fractionAboveThreshold(-6, lg));
        assertThat(b.status()).isEqualTo(BoundPoint.Status.EXCLUDED_AT_MINIMUM);
        assertThat(b.log10Coupling()).isNaN();
    }
}
