package nusi.physics;

/**
 * Two-body kinematics of a relativistic supernova neutrino of energy Ei scattering on a relic neutrino
 * of mass m at rest (s = 2 Ei m), Eq. 4 of the paper. All energies in MeV, angles in radians.
 *
 * <p>The deflection is fixed by the two energies: 1 - cos(theta~) = m (1/Ef - 1/Ei). Everything here
 * works with 1 - cos directly, because cos(theta~) itself is 1 to within 1e-8 at MeV energies.
 */
public final class Kinematics {
    private Kinematics() {
    }

    /** Ef(Ei, c) = Ei m / (Ei (1 - c) + m), given 1 - c (Eq. 4). */
    public static double finalEnergy(double initialEnergy, double oneMinusCos, double neutrinoMass) {
        return initialEnergy * neutrinoMass / (initialEnergy * oneMinusCos + neutrinoMass);
    }

    /** Backscatter (c = -1) end point Efmin(Ei) = Ei m / (2 Ei + m). */
    public static double minimumFinalEnergy(double initialEnergy, double neutrinoMass) {
        return initialEnergy * neutrinoMass / (2.0 * initialEnergy + neutrinoMass);
    }

    /** 1 - cos(theta~) = m (Ei - Ef) / (Ei Ef), without forming cos. */
    public static double oneMinusCos(double initialEnergy, double finalEnergy, double neutrinoMass) {
        return neutrinoMass * (initialEnergy - finalEnergy) / (initialEnergy * finalEnergy);
    }

    /**
     * Deflection angle theta~ from the two energies, 2 asin(sqrt((1 - c)/2)), accurate for angles
     * down to the smallest representable ones (acos(1 - u) would lose them).
     */
    public static double deflectionAngle(double initialEnergy, double finalEnergy, double neutrinoMass) {
        double u = oneMinusCos(initialEnergy, finalEnergy, neutrinoMass);
        return angleFromOneMinusCos(u);
    }

    /** theta = 2 asin(sqrt(u/2)) for u = 1 - cos(theta) in [0, 2]. */
    public static double angleFromOneMinusCos(double oneMinusCos) {
        double u = Math.min(2.0, Math.max(0.0, oneMinusCos));
        return 2.0 * Math.asin(Math.sqrt(0.5 * u));
    }

    /** 1 - cos(theta) = 2 sin^2(theta/2), exact for tiny angles. */
    public static double oneMinusCosOfAngle(double angle) {
        double h = Math.sin(0.5 * angle);
        return 2.0 * h * h;
    }

    /** sec(theta) - 1 = 2 sin^2(theta/2) / cos(theta), exact for tiny angles. */
    public static double secantMinusOne(double angle) {
        return oneMinusCosOfAngle(angle) / Math.cos(angle);
    }
}
