package nusi.bounds;

import java.util.Objects;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Validation;
import nusi.transport.ExactEnergyPropagator;

/**
 * Everything but (M, g) that F depends on: the energy grid of the exact energy-only solver, the relic medium,
 * the emitted spectrum and the detection threshold. F is set by energies above the threshold, where angles
 * (tiny) do not matter, so the energy-only solver is exact for it.
 */
public record PropagationModel(EnergyGrid grid, RelicMedium medium, PinchedSpectrum source, double threshold) {
    public PropagationModel {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(source, "source");
        Validation.requirePositiveFinite("threshold (MeV)", threshold);
    }

    /** The paper's set-up at the default grid (80 bins per decade up to 300 MeV). */
    public static PropagationModel paperDefault() {
        return new PropagationModel(EnergyGrid.anchored(1e-6, 300, 80, 5.0), RelicMedium.paperDefault(),
                PinchedSpectrum.paperDefault(), 5.0);
    }

    public PropagationModel withMedium(RelicMedium m) {
        return new PropagationModel(grid, m, source, threshold);
    }

    /** F(M, g): neutrinos above threshold at Earth per emitted neutrino (may exceed 1: up-scattered relics). */
    public double fractionAboveThreshold(Mediator mediator) {
        ResonantCrossSection xs = new ResonantCrossSection(mediator, medium.neutrinoMass());

        return ExactEnergyPropagator.fractionAboveThreshold(grid, xs, medium, source, threshold);
    }

    public double fractionAboveThreshold(double log10Mass, double log10Coupling) {
        return fractionAboveThreshold(Mediator.ofLog10(log10Mass, log10Coupling));
    }
}
