package nusi.physics;

import java.util.Objects;

/**
 * One description of a physics run: the mediator, the relic medium (with the distance D), the emitted spectrum
 * and the detection threshold (MeV). Everything F, spectra and angles depend on apart from the numerical grids.
 * Immutable.
 */
public record Scenario(Mediator mediator, RelicMedium medium, PinchedSpectrum source, double threshold) {
    public Scenario {
        Objects.requireNonNull(mediator, "mediator");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(source, "source");
        Validation.requirePositiveFinite("threshold (MeV)", threshold);
    }

    /** The paper's Fig. 3 point: log10(M/MeV) = -3.5, log10 g = -1.75, 330 cm^-3 relic targets, 50 kpc, 5 MeV. */
    public static Scenario paperFig3() {
        return new Scenario(Mediator.ofLog10(-3.5, -1.75), RelicMedium.paperDefault(), PinchedSpectrum.paperDefault(),
                5.0);
    }

    public Scenario withMediator(Mediator m) {
        return new Scenario(m, medium, source, threshold);
    }

    /** The s-channel cross section of this mediator on this medium's relic neutrinos. */
    public ResonantCrossSection crossSection() {
        return new ResonantCrossSection(mediator, medium.neutrinoMass());
    }
}
