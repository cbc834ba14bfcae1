package nusi.physics;

/**
 * The new scalar mediator: mass M in MeV and coupling g (dimensionless). Validated at construction.
 *
 * @param mass     M in MeV, finite and positive
 * @param coupling g, finite and positive
 */
public record Mediator(double mass, double coupling) {
    public Mediator {
        Validation.requirePositiveFinite("mediator mass M (MeV)", mass);
        Validation.requirePositiveFinite("coupling g", coupling);
    }

    /** From log10(M/MeV) and log10(g), the coordinates every figure of the paper uses. */
    public static Mediator ofLog10(double log10Mass, double log10Coupling) {
        Validation.requireFinite("log10(M/MeV)", log10Mass);
        Validation.requireFinite("log10(g)", log10Coupling);
        return new Mediator(Math.pow(10, log10Mass), Math.pow(10, log10Coupling));
    }

    /** Decay width Gamma = g^2 M / (4 pi), MeV. */
    public double width() {
        return coupling * coupling * mass / (4 * Math.PI);
    }

    public double log10Mass() {
        return Math.log10(mass);
    }

    public double log10Coupling() {
        return Math.log10(coupling);
    }
}
