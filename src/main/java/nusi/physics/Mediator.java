package nusi.physics;

/**
 * The new scalar mediator: mass M in MeV and coupling g (dimensionless) in a stated convention. Validated at
 * construction.
 *
 * <p>Conventions (physics.md, "Conventions of other codes"): {@link Convention#PAPER} is the paper's, width
 * g^2 M/(4 pi) and dsig/dEf = g^4 m/(2 pi Delta); {@link Convention#LAGRANGIAN} is the Lagrangian -(g/2) nubar nu
 * phi of nuSIprop (Esteban et al., arXiv:2107.13568) for Majorana neutrinos, width g^2 M/(16 pi) and s-channel
 * sigma = g^4 s/(16 pi Delta), i.e. dsig/dEf = g^4 m/(8 pi Delta). The exact mapping: a Lagrangian coupling 2 g
 * has the paper's width for g and 4 times its cross section, so with 56.65 cm^-3 targets per mass state it is the
 * paper's model with 4 x 56.65 = 226.6 cm^-3. {@link Convention#LAGRANGIAN_DIRAC} is the Lagrangian -g phi nubar nu of
 * Dirac neutrinos (docs/channels.md, last section): width g^2 M/(8 pi) (phi -> nu nubar, two helicity pairs), and per
 * relic nubar of the matching CM helicity (probability 1/2) the same s-channel dsig/dEf g^4 m/(8 pi Delta).
 *
 * @param mass       M in MeV, finite and positive
 * @param coupling   g, finite and positive
 * @param convention how g normalises the width and the cross section
 */
public record Mediator(double mass, double coupling, Convention convention) {
    /** How the coupling normalises the width and the cross section. */
    public enum Convention {
        PAPER, LAGRANGIAN, LAGRANGIAN_DIRAC;

        /** A Lagrangian coupling (Majorana or Dirac): the one the t- and u-channels are written in. */
        public boolean isLagrangian() {
            return this != PAPER;
        }

        /** Dirac neutrinos in the Lagrangian: two transported species (active, wrong helicity). */
        public boolean isDirac() {
            return this == LAGRANGIAN_DIRAC;
        }
    }

    public Mediator {
        Validation.requirePositiveFinite("mediator mass M (MeV)", mass);
        Validation.requirePositiveFinite("coupling g", coupling);
        java.util.Objects.requireNonNull(convention, "convention");
    }

    /** In the paper's convention. */
    public Mediator(double mass, double coupling) {
        this(mass, coupling, Convention.PAPER);
    }

    /** From log10(M/MeV) and log10(g) in a convention. */
    public static Mediator ofLog10(double log10Mass, double log10Coupling, Convention convention) {
        Validation.requireFinite("log10(M/MeV)", log10Mass);
        Validation.requireFinite("log10(g)", log10Coupling);
        return new Mediator(Math.pow(10, log10Mass), Math.pow(10, log10Coupling), convention);
    }

    /** From log10(M/MeV) and log10(g), the coordinates every figure of the paper uses. */
    public static Mediator ofLog10(double log10Mass, double log10Coupling) {
        Validation.requireFinite("log10(M/MeV)", log10Mass);
        Validation.requireFinite("log10(g)", log10Coupling);
        return new Mediator(Math.pow(10, log10Mass), Math.pow(10, log10Coupling), Convention.PAPER);
    }

    /** Decay width, MeV: g^2 M / (4 pi) (paper), g^2 M / (16 pi) (Lagrangian, Majorana), g^2 M / (8 pi) (Dirac). */
    public double width() {
        double w = coupling * coupling * mass / (4 * Math.PI);
        return switch (convention) {
            case PAPER -> w;
            case LAGRANGIAN -> w / 4;
            case LAGRANGIAN_DIRAC -> w / 2;
        };
    }

    /** dsig/dEf Delta / m: g^4 / (2 pi) (paper) or g^4 / (8 pi) (Lagrangian, Majorana or Dirac). */
    public double differentialScale() {
        double g2 = coupling * coupling;
        double p = g2 * g2 / (2 * Math.PI);
        return convention == Convention.PAPER ? p : p / 4;
    }

    public double log10Mass() {
        return Math.log10(mass);
    }

    public double log10Coupling() {
        return Math.log10(coupling);
    }
}
