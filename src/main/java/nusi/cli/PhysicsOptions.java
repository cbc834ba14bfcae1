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


    @Option(names = "--relic-density", paramLabel = "PER_CM3",
            description = "Relic neutrino target density in cm^-3 (default: 330, all flavours, nu + nubar, in the "
                    + "paper convention; 56.65, one mass state, in the Lagrangian convention).")
    Double relicDensity;

    @Option(names = "--relic-masses", paramLabel = "one|three", defaultValue = "one",
            description = "Relic targets: one species of --neutrino-mass-ev (the paper) or three mass states from "
                    + "--mass-sum-ev and the measured splittings, coupled through --flavour; with three, "
                    + "--relic-density is per state (default 110 = 330/3, or 56.65 in the Lagrangian convention); "
                    + "scan propagation and scan map only (default: ${DEFAULT-VALUE}).")
    String relicMasses;

    @Option(names = "--mass-sum-ev", paramLabel = "EV", defaultValue = "0.1",
            description = "three states: the sum of the neutrino masses in eV (default: ${DEFAULT-VALUE}).")
    double massSumEv;

    @Option(names = "--ordering", paramLabel = "normal|inverted", defaultValue = "normal",
            description = "three states: the mass ordering (default: ${DEFAULT-VALUE}).")
    String ordering;

    @Option(names = "--flavour", paramLabel = "e|mu|tau", defaultValue = "e",
            description = "three states: the flavour the mediator couples to, weights |U_fi|^2 (default: ${DEFAULT-VALUE}).")
    String flavour;

    @Option(names = "--convention", paramLabel = "paper|lagrangian", defaultValue = "paper",
            converter = ConventionConverter.class,
            description = "Coupling convention: paper (width g^2 M/(4 pi), sigma = g^4 s/(4 pi Delta)) or lagrangian "
                    + "(-(g/2) nubar nu phi, Majorana: width g^2 M/(16 pi), sigma = g^4 s/(16 pi Delta), as nuSIprop); "
                    + "g_lagrangian = 2 g_paper with 4 x 56.65 cm^-3 is the paper's model (default: ${DEFAULT-VALUE}).")
    nusi.physics.Mediator.Convention convention;

    @Option(names = "--channels", paramLabel = "s|stu", defaultValue = "s", converter = ChannelsConverter.class,
            description = "Diagrams: s (the paper's resonant s-channel) or stu (s, t and u with their interferences, "
                    + "Majorana or --dirac, docs/channels.md; needs --convention lagrangian; both solvers, three mass "
                    + "states with --solver 1d, Majorana) (default: ${DEFAULT-VALUE}).")
    nusi.physics.Channels channels;

    @Option(names = "--dirac", description = "Dirac neutrinos. With --convention paper the paper's reading: half of "
            + "the relic states are sterile, so half the targets. With --convention lagrangian the Lagrangian -g phi "
            + "nubar nu: width g^2 M/(8 pi), relic nu and nubar each at --relic-density, active and wrong-helicity "
            + "neutrinos transported (docs/channels.md); energy-only and 2D solvers, one relic species.")
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

    /** The relic mass states (null: the paper's one species of --neutrino-mass-ev). */
    nusi.physics.MassStates relics() {
        String r = relicMasses.toLowerCase(java.util.Locale.ROOT);
        if (r.equals("one")) {
            return null;
        }
        if (!r.equals("three")) {
            throw new IllegalArgumentException("--relic-masses must be one or three, got '" + relicMasses + "'");
        }
        nusi.physics.MassStates.Ordering o = switch (ordering.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> nusi.physics.MassStates.Ordering.NORMAL;
            case "inverted" -> nusi.physics.MassStates.Ordering.INVERTED;
            default -> throw new IllegalArgumentException("--ordering must be normal or inverted, got '" + ordering
                    + "'");
        };
        nusi.physics.MassStates.Flavour f = switch (flavour.toLowerCase(java.util.Locale.ROOT)) {
            case "e" -> nusi.physics.MassStates.Flavour.E;
            case "mu" -> nusi.physics.MassStates.Flavour.MU;
            case "tau" -> nusi.physics.MassStates.Flavour.TAU;
            default -> throw new IllegalArgumentException("--flavour must be e, mu or tau, got '" + flavour + "'");
        };
        try {
            return nusi.physics.MassStates.three(massSumEv, o, f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mass-sum-ev: " + e.getMessage());
        }
    }

    /** The mediator of log10 M and log10 g in the chosen convention. */
    nusi.physics.Mediator mediator(double log10Mass, double log10Coupling) {
        return nusi.physics.Mediator.ofLog10(log10Mass, log10Coupling, convention());
    }

    /** The convention with the neutrinos' nature: --convention lagrangian --dirac is the Dirac Lagrangian. */
    nusi.physics.Mediator.Convention convention() {
        return convention == nusi.physics.Mediator.Convention.LAGRANGIAN && dirac
                ? nusi.physics.Mediator.Convention.LAGRANGIAN_DIRAC : convention;
    }

    RelicMedium medium() {
        Validation.requirePositiveFinite("--neutrino-mass-ev (eV)", neutrinoMassEv);
        boolean three = relics() != null;
        if (three && dirac) {
            throw new IllegalArgumentException("--dirac with --relic-masses three is not implemented");
        }
        double relicDensity = this.relicDensity != null ? this.relicDensity
                : convention == nusi.physics.Mediator.Convention.LAGRANGIAN ? nusi.physics.PhysicalConstants.NUSIPROP_DENSITY_PER_STATE_PER_CM3
                : three ? 330.0 / 3 : 330;
        Validation.requirePositiveFinite("--relic-density (cm^-3)", relicDensity);
        Validation.requirePositiveFinite("--distance-kpc (kpc)", distanceKpc);
        // the paper's Dirac reading halves the targets; the Dirac Lagrangian counts relic nu and nubar each in full
        boolean halfTargets = dirac && convention == nusi.physics.Mediator.Convention.PAPER;
        return new RelicMedium(neutrinoMassEv * 1e-6, relicDensity, halfTargets, distanceKpc, !noSecant);
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

    /** --channels stu only where it is implemented: the Lagrangian convention (Majorana or Dirac). */
    void requireChannelsApplicable() {
        if (channels != nusi.physics.Channels.STU) {
            return;
        }
        if (convention != nusi.physics.Mediator.Convention.LAGRANGIAN) {
            throw new UserError("--channels stu needs --convention lagrangian (the t- and u-channels are written for "
                    + "the Lagrangian -(g/2) nubar nu phi)");
        }
    }

    /** Accepts s / stu. */
    static final class ChannelsConverter implements picocli.CommandLine.ITypeConverter<nusi.physics.Channels> {
        @Override
        public nusi.physics.Channels convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "s" -> nusi.physics.Channels.S;
                case "stu" -> nusi.physics.Channels.STU;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown channels '" + value + "' (accepted: s, stu)");
            };
        }
    }

    /** Accepts paper / lagrangian. */
    static final class ConventionConverter implements picocli.CommandLine.ITypeConverter<nusi.physics.Mediator.Convention> {
        @Override
        public nusi.physics.Mediator.Convention convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "paper" -> nusi.physics.Mediator.Convention.PAPER;
                case "lagrangian" -> nusi.physics.Mediator.Convention.LAGRANGIAN;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown convention '" + value + "' (accepted: paper, lagrangian)");
            };
        }
    }
}
