package nusi.physics;

/**
 * Constants and unit conversions. Internally natural units with energies in MeV, so cross sections
 * are in MeV^-2 and a column density (density times length) in MeV^2; conversions happen at the edges.
 */
public final class PhysicalConstants {
    private PhysicalConstants() {
    }

    /** hbar*c in MeV fm. */
    public static final double HBAR_C_MEV_FM = 197.3269804;
    /** hbar*c in MeV cm. */
    public static final double HBAR_C_MEV_CM = HBAR_C_MEV_FM * 1e-13;
    /** 1 MeV^-2 expressed in cm^2: (hbar c)^2 = 3.8937937e-22 cm^2. */
    public static final double CM2_PER_INVERSE_MEV2 = HBAR_C_MEV_CM * HBAR_C_MEV_CM;
    /** One kiloparsec in cm. */
    public static final double CM_PER_KPC = 3.0856776e21;
    /** One km in cm. */
    public static final double CM_PER_KM = 1e5;
    /** Speed of light, cm/s (exact). */
    public static final double SPEED_OF_LIGHT_CM_PER_S = 2.99792458e10;
    /** Riemann zeta(3), for the Fermi-Dirac number density. */
    public static final double ZETA_3 = 1.2020569031595942;

    /** The paper's neutrino mass, 0.05 eV, in MeV. */
    public static final double DEFAULT_NEUTRINO_MASS_MEV = 5e-8;
    /** Relic neutrino density, all flavours, nu + nubar, in cm^-3. */
    public static final double DEFAULT_RELIC_DENSITY_PER_CM3 = 330.0;
    /** nuSIprop's relic targets per mass state and helicity, cm^-3 (the Lagrangian convention's default). */
    public static final double NUSIPROP_DENSITY_PER_STATE_PER_CM3 = 56.65;
    /** Distance to SN 1987A used by the paper, in kpc. */
    public static final double DEFAULT_DISTANCE_KPC = 50.0;
    /** Detection threshold in MeV. */
    public static final double DEFAULT_THRESHOLD_MEV = 5.0;

    /** Cross section in MeV^-2 to cm^2. */
    public static double toCm2(double crossSectionPerMev2) {
        return crossSectionPerMev2 * CM2_PER_INVERSE_MEV2;
    }

    /** Number density in MeV^3 to cm^-3. */
    public static double perMev3ToPerCm3(double densityMev3) {
        return densityMev3 / (HBAR_C_MEV_CM * HBAR_C_MEV_CM * HBAR_C_MEV_CM);
    }

    /** Column density n*L (cm^-3 times cm) in natural units MeV^2, so that tau = columnDensity * sigma[MeV^-2]. */
    public static double columnDensityMev2(double densityPerCm3, double lengthCm) {
        return densityPerCm3 * lengthCm * CM2_PER_INVERSE_MEV2;
    }
}
