package nusi.bounds;

import java.util.Objects;
import nusi.grid.EnergyGrid;
import nusi.grid.EnergyResolution;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Validation;
import nusi.transport.ExactEnergyPropagator;

/**
 * Everything but (M, g) that F depends on: the energy resolution of the exact energy-only solver (with its
 * extrapolation in the bin width), the relic medium, the emitted spectrum and the detection threshold. F is set by
 * energies above the threshold, where angles (tiny) do not matter, so the energy-only solver is exact for it.
 */
public record PropagationModel(EnergyResolution resolution, RelicMedium medium, PinchedSpectrum source,
                               double threshold, Mediator.Convention convention, nusi.physics.MassStates relics,
                               nusi.physics.Channels channels) {
    public PropagationModel {
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(convention, "convention");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(source, "source");
        Validation.requirePositiveFinite("threshold (MeV)", threshold);
        if (convention.isDirac() && relics != null) {
            throw new IllegalArgumentException("Dirac neutrinos with several relic mass states are not implemented "
                    + "(two species per state)");
        }
        if (convention.isDirac() && medium.dirac()) {
            throw new IllegalArgumentException("the Lagrangian Dirac model counts relic nu and nubar each at the "
                    + "medium's density: the paper's Dirac reading (half the targets) does not apply");
        }
    }

    /** The paper's s-channel. */
    public PropagationModel(EnergyResolution resolution, RelicMedium medium, PinchedSpectrum source, double threshold,
                            Mediator.Convention convention, nusi.physics.MassStates relics) {
        this(resolution, medium, source, threshold, convention, relics, nusi.physics.Channels.S);
    }

    /** In the paper's coupling convention. */
    public PropagationModel(EnergyResolution resolution, RelicMedium medium, PinchedSpectrum source, double threshold) {
        this(resolution, medium, source, threshold, Mediator.Convention.PAPER, null);
    }

    /** One relic species of the medium's neutrino mass (the paper's). */
    public PropagationModel(EnergyResolution resolution, RelicMedium medium, PinchedSpectrum source, double threshold,
                            Mediator.Convention convention) {
        this(resolution, medium, source, threshold, convention, null);
    }

    /** The paper's set-up at the default resolution (F to 1e-4: 40, 80, 160 bins per decade, extrapolated). */
    public static PropagationModel paperDefault() {
        return new PropagationModel(EnergyResolution.defaults(), RelicMedium.paperDefault(),
                PinchedSpectrum.paperDefault(), 5.0);
    }

    public PropagationModel withMedium(RelicMedium m) {
        return new PropagationModel(resolution, m, source, threshold, convention, relics, channels);
    }

    /** The same model in another convention (Dirac, Majorana or the paper's coupling). */
    public PropagationModel withConvention(Mediator.Convention c) {
        return new PropagationModel(resolution, medium, source, threshold, c, relics, channels);
    }

    /** The coarsest grid of the resolution, anchored on the threshold. */
    public EnergyGrid grid() {
        return resolution.grid(threshold);
    }

    /** F(M, g): neutrinos above threshold at Earth per emitted neutrino (may exceed 1: up-scattered relics). */
    public double fractionAboveThreshold(Mediator mediator) {
        return fractionEstimate(mediator).value();
    }

    /** F with its extrapolation error estimate and the value on each grid. */
    public ExactEnergyPropagator.ExtrapolatedFraction fractionEstimate(Mediator mediator) {
        if (relics != null) {
            // several mass states: the medium's density is per state
            return nusi.transport.MassStatesBackend.fractionAboveThreshold(resolution.maxEnergy(),
                    resolution.binsPerDecade(), resolution.extrapolationLevels(), mediator, channels, relics,
                    medium.columnDensity(), source, threshold);
        }
        if (channels == nusi.physics.Channels.S && mediator.convention().isDirac()) {
            return ExactEnergyPropagator.diracSChannelFraction(resolution.maxEnergy(), resolution.binsPerDecade(),
                    resolution.extrapolationLevels(), new ResonantCrossSection(mediator, medium.neutrinoMass()), medium,
                    source, threshold);
        }
        if (channels == nusi.physics.Channels.STU) {
            // Majorana, or Dirac's two cascades (active +- wrong helicity), each with a general gain triangle
            return nusi.transport.ChannelsEnergyOperator.activeFraction(resolution.maxEnergy(),
                    resolution.binsPerDecade(), resolution.extrapolationLevels(), mediator, channels, medium, source,
                    threshold);
        }
        ResonantCrossSection xs = new ResonantCrossSection(mediator, medium.neutrinoMass());
        return ExactEnergyPropagator.fractionAboveThreshold(resolution.maxEnergy(), resolution.binsPerDecade(),
                resolution.extrapolationLevels(), xs, medium, source, threshold);
    }

    /**
     * F as a function of log10 g at one mass, what a coupling search evaluates: with all channels the
     * coupling-independent pair integrals are computed once for the mass (equal to {@link #fractionAboveThreshold}
     * to rounding, tested), otherwise each coupling afresh.
     */
    public java.util.function.DoubleUnaryOperator fractionAtMass(double log10Mass) {
        if (channels != nusi.physics.Channels.STU) {
            return lg -> fractionAboveThreshold(log10Mass, lg);
        }
        Validation.requireFinite("log10(M/MeV)", log10Mass);
        double mass = Math.pow(10, log10Mass);
        java.util.function.DoubleFunction<ExactEnergyPropagator.ExtrapolatedFraction> f = relics != null
                ? nusi.transport.MassStatesBackend.fractionAtMass(resolution.maxEnergy(), resolution.binsPerDecade(),
                        resolution.extrapolationLevels(), mass, convention, channels, relics, medium.columnDensity(),
                        source, threshold)
                : nusi.transport.ChannelsEnergyOperator.fractionAtMass(resolution.maxEnergy(),
                        resolution.binsPerDecade(), resolution.extrapolationLevels(), mass, convention, channels, medium,
                        source, threshold);
        return lg -> f.apply(Mediator.ofLog10(log10Mass, lg, convention).coupling()).value();
    }

    public double fractionAboveThreshold(double log10Mass, double log10Coupling) {
        return fractionAboveThreshold(Mediator.ofLog10(log10Mass, log10Coupling, convention));
    }
}
