package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;

import nusi.bounds.PropagationModel;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default F (40, 80, 160 bins per decade, Richardson-extrapolated) is within 1e-4 of its grid-converged
 * value: the reference is the Richardson value from single grids of 2560 and 5120 bins per decade, whose own
 * uncertainty is below 1e-7 (docs/convergence.md; measured errors of the default 3.3e-6, 3.1e-6, 1.7e-9, 1.6e-5).
 */
class DefaultResolutionTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();

    @ParameterizedTest(name = "log10 M = {0}, log10 g = {1}")
    @CsvSource({"-3.5, -1.75", "-2.9, -2.5", "-6, -1.966", "-2.97, -2.079"})
    void defaultFractionIsWithin1e4OfTheGridConvergedValue(double logM, double logG) {
        Mediator mediator = Mediator.ofLog10(logM, logG);
        ResonantCrossSection xs = new ResonantCrossSection(mediator, MEDIUM.neutrinoMass());
        double f2560 = ExactEnergyPropagator.fractionAboveThreshold(EnergyGrid.anchored(5, 300, 2560, 5), xs, MEDIUM,
                SOURCE, 5);
        double f5120 = ExactEnergyPropagator.fractionAboveThreshold(EnergyGrid.anchored(5, 300, 5120, 5), xs, MEDIUM,
                SOURCE, 5);
        double converged = f5120 + (f5120 - f2560) / 3;
        // The reference itself: the last change is small and second order (a 4x smaller change at twice the bins).
        assertThat(Math.abs(f5120 / converged - 1)).isLessThan(1e-4);
        ExactEnergyPropagator.ExtrapolatedFraction f = PropagationModel.paperDefault().fractionEstimate(mediator);
        assertThat(f.binsPerDecade()).containsExactly(40, 80, 160);
        assertThat(Math.abs(f.value() / converged - 1)).isLessThanOrEqualTo(1e-4);
        // The estimate has the right size: above the true error at three points, 0.63 of it at the dip (where the
        // resonance crossing bin edges spoils the even expansion); stated: at least half of it.
        assertThat(f.errorEstimate()).isGreaterThanOrEqualTo(0.5 * Math.abs(f.value() / converged - 1));
        // Each grid's F is the single-grid solver's on that grid (the coarse levels are exact merges of the fine).
        double f40 = ExactEnergyPropagator.fractionAboveThreshold(EnergyGrid.anchored(5, 300, 40, 5), xs, MEDIUM,
                SOURCE, 5);
        assertThat(Math.abs(f.perLevel()[0] / f40 - 1)).isLessThan(1e-6);
    }
}
