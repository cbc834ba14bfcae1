package nusi.physics;

import java.util.Locale;

/**
 * Relic (and supernova) neutrino mass states for a mediator coupled to one flavour f: masses m_i (MeV) and the
 * weights w_i = |U_fi|^2 (summing to 1). A supernova neutrino of flavour f is emitted in mass state i with
 * probability w_i; the coupling to flavour f makes the s-channel rate of state i on relic state j proportional to
 * w_i w_j, and each product (the outgoing neutrino and the up-scattered relic) lands in state k with probability
 * w_k (physics.md, "Conventions of other codes"). {@link #single} is the paper's one species.
 *
 * <p>Three states from the mass sum and the measured splittings (NuFIT 5.2, 2022: dm21^2 = 7.41e-5 eV^2,
 * dm31^2 = 2.511e-3 eV^2 normal, dm32^2 = -2.498e-3 eV^2 inverted; theta12 = 33.41 deg, theta13 = 8.58 deg,
 * theta23 = 42.2 deg normal / 49.0 deg inverted), delta_CP = 0 (it does not enter |U_ei|^2; for mu and tau it is a
 * stated choice).
 */
public record MassStates(double[] masses, double[] weights, String description) {
    public enum Ordering { NORMAL, INVERTED }

    public enum Flavour { E, MU, TAU }

    static final double DM21 = 7.41e-5;
    static final double DM31_NORMAL = 2.511e-3;
    static final double DM32_INVERTED = 2.498e-3;

    public MassStates {
        if (masses.length != weights.length || masses.length == 0) {
            throw new IllegalArgumentException("mass states: " + masses.length + " masses, " + weights.length
                    + " weights");
        }
        masses = masses.clone();
        weights = weights.clone();
        for (double m : masses) {
            Validation.requirePositiveFinite("neutrino mass (MeV)", m);
        }
    }

    /** One species of mass m (MeV) and weight 1: the paper's model. */
    public static MassStates single(double massMeV) {
        return new MassStates(new double[]{massMeV}, new double[]{1}, "one species");
    }

    /** The smallest allowed sum of the three masses (eV): the lightest state massless. */
    public static double minimumSumEv(Ordering o) {
        return o == Ordering.NORMAL ? Math.sqrt(DM21) + Math.sqrt(DM31_NORMAL)
                : Math.sqrt(DM32_INVERTED) + Math.sqrt(DM32_INVERTED - DM21);
    }

    /** Masses (eV) with the lightest one x. */
    static double[] massesEv(double x, Ordering o) {
        if (o == Ordering.NORMAL) {
            return new double[]{x, Math.sqrt(x * x + DM21), Math.sqrt(x * x + DM31_NORMAL)};
        }
        double m2 = Math.sqrt(x * x + DM32_INVERTED);
        return new double[]{Math.sqrt(m2 * m2 - DM21), m2, x};
    }

    /**
     * Three states with the given mass sum (eV), ordering and flavour.
     *
     * @throws IllegalArgumentException if the sum would make the lightest state massless or less
     */
    public static MassStates three(double sumEv, Ordering ordering, Flavour flavour) {
        double min = minimumSumEv(ordering);
        if (!(sumEv > min) || !Double.isFinite(sumEv)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "mass sum (eV) must be > %.4f for the %s "
                            + "ordering (below it the lightest state would be massless), got %s", min,
                    ordering.name().toLowerCase(Locale.ROOT), sumEv));
        }
        double lo = 0;
        double hi = sumEv;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            double[] m = massesEv(mid, ordering);
            if (m[0] + m[1] + m[2] > sumEv) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double[] ev = massesEv(0.5 * (lo + hi), ordering);
        double[] mev = {ev[0] * 1e-6, ev[1] * 1e-6, ev[2] * 1e-6};
        double t12 = Math.toRadians(33.41);
        double t13 = Math.toRadians(8.58);
        double t23 = Math.toRadians(ordering == Ordering.NORMAL ? 42.2 : 49.0);
        double s12 = Math.sin(t12);
        double c12 = Math.cos(t12);
        double s13 = Math.sin(t13);
        double c13 = Math.cos(t13);
        double s23 = Math.sin(t23);
        double c23 = Math.cos(t23);
        double[] w = switch (flavour) {
            case E -> new double[]{c12 * c12 * c13 * c13, s12 * s12 * c13 * c13, s13 * s13};
            case MU -> new double[]{sq(s12 * c23 + c12 * s23 * s13), sq(c12 * c23 - s12 * s23 * s13), sq(s23 * c13)};
            case TAU -> new double[]{sq(s12 * s23 - c12 * c23 * s13), sq(c12 * s23 + s12 * c23 * s13), sq(c23 * c13)};
        };
        return new MassStates(mev, w, String.format(Locale.ROOT, "three states, %s ordering, sum %.4g eV, flavour %s",
                ordering.name().toLowerCase(Locale.ROOT), sumEv, flavour.name().toLowerCase(Locale.ROOT)));
    }

    private static double sq(double x) {
        return x * x;
    }

    public int count() {
        return masses.length;
    }
}
