package nusi.cli;

import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.Validation;
import picocli.CommandLine.Option;

/** Options shared by every command that propagates neutrinos: the medium, the source and the detector. */
public final class PhysicsOptions {
    @Option(names = "--neutrino-mass-ev", paramLabel = "EV", defaultValue = "0.05",
            description = "Neutrino mass m in eV (default: ${DEFAULT-VALUE}).")
    double neutrinoMassEv;

    @Option(names = "--relic-density", paramLabel = "PER_CM3", defaultValue = "330",
            description = "Relic neutrino density n_CvB in cm^-3, all flavours, nu + nubar (default: ${DEFAULT-VALUE}).")
    double relicDensity;

    @Option(names = "--dirac", description = "Dirac neutrinos: half of the relic states are sterile, so half the targets.")
    boolean dirac;

    @Option(names = "--distance-kpc", paramLabel = "KPC", defaultValue = "50",
            description = "Distance from the supernova to Earth in kpc (default: ${DEFAULT-VALUE}).")
    double distanceKpc;

    @Option(names = "--mean-energy", paramLabel = "MEV", defaultValue = "15",
            description = "Mean energy <E> of the emitted pinched spectrum in MeV (default: ${DEFAULT-VALUE}).")
    double meanEnergy;

    @Option(names = "--mean-square-energy", paramLabel = "MEV2", defaultValue = "290",
            description = "<E^2> of the emitted spectrum in MeV^2 (default: ${DEFAULT-VALUE}).")
    double meanSquareEnergy;

    @Option(names = "--threshold", paramLabel = "MEV", defaultValue = "5",
            description = "Detection threshold in MeV (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--no-secant", description = "2D solver: drop the 1/cos(theta) factor of Eq. 8 (on by default, as in the paper).")
    boolean noSecant;

    RelicMedium medium() {
        Validation.requirePositiveFinite("--neutrino-mass-ev (eV)", neutrinoMassEv);
        Validation.requirePositiveFinite("--relic-density (cm^-3)", relicDensity);
        Validation.requirePositiveFinite("--distance-kpc (kpc)", distanceKpc);
        return new RelicMedium(neutrinoMassEv * 1e-6, relicDensity, dirac, distanceKpc, !noSecant);
    }

    PinchedSpectrum source() {
        Validation.requirePositiveFinite("--mean-energy (MeV)", meanEnergy);
        if (!(meanSquareEnergy > meanEnergy * meanEnergy) || !Double.isFinite(meanSquareEnergy)) {
            throw new IllegalArgumentException("--mean-square-energy (MeV^2) must be finite and > <E>^2 = "
                    + meanEnergy * meanEnergy + ", got " + meanSquareEnergy);
        }
        return new PinchedSpectrum(meanEnergy, meanSquareEnergy);
    }

    double threshold() {
        return Validation.requirePositiveFinite("--threshold (MeV)", threshold);
    }
}
