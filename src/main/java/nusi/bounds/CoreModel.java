package nusi.bounds;

import java.util.Locale;
import nusi.physics.PhysicalConstants;
import nusi.physics.Validation;

/**
 * The core bound of Sec. III (Eqs. 2, 3, 6, 7): N_{2nu->4nu}, the mean number of 2nu -> 4nu scatterings of a
 * neutrino on its random walk through the decoupling region between rMin and rMax. Excluded where N >= 1.
 *
 * <p>The paper does not print its density profile, so it is an explicit model here:
 * <ul>
 *   <li>{@link Profile#UNIFORM}: the literal reading of the paper's formulas. Neutrinos are Fermi-Dirac, six
 *       species, zero chemical potential, T = &lt;E&gt;/3.15, the same density everywhere in [rMin, rMax];
 *       lambda = [n &lt;sigma_nuN&gt;]^-1 (the paper's lambda_nuN, with its neutrino density),
 *       N_nuN = Int r dr / lambda^2 and N_{2->4} = sigma_{2->4} n lambda N_nuN (Eq. 7).</li>
 *   <li>{@link Profile#INVERSE_SQUARE}: the density falls as (rMin/r)^2 outside rMin (a neutrino-sphere seen
 *       from outside), lambda(r) = 1/(n(r) &lt;sigma&gt;). Eq. 7 generalises to
 *       N_{2->4} = sigma_{2->4} Int n(r) dl, with dl = r dr / lambda(r) the path walked in a shell
 *       (N_nuN scatterings of length lambda); for a uniform profile this is exactly Eq. 7.</li>
 * </ul>
 * Eq. 3 is read as (1e-2)^4 g^8 / Ecm^2: the seed's "Ecm^2" has the wrong dimension and does not join Eq. 2 at
 * Ecm = M (physics.md).
 *
 * @param name         label in tables and plots
 * @param rMinKm       inner radius of the decoupling region (paper: 15 km, conservative 30 km)
 * @param rMaxKm       outer radius (paper: 45 km)
 * @param meanEnergy   mean neutrino energy &lt;E&gt; in MeV (paper: 30, conservative 15); Ecm = 2 &lt;E&gt;
 * @param profile      radial density model
 */
public record CoreModel(String name, double rMinKm, double rMaxKm, double meanEnergy, Profile profile) {
    /** Radial profile of the neutrino density in the decoupling region. */
    public enum Profile { UNIFORM, INVERSE_SQUARE;
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * sigma_nuN(E) = sigma0 (1 + 3 gA^2)/4 (E/me)^2 with sigma0 = 1.705e-44 cm^2 and gA = 1.27, the standard
     * low-energy neutrino-nucleon normalisation (e.g. Burrows, Reddy, Thompson, Nucl. Phys. A 777, 356 (2006)):
     * 9.4e-44 cm^2 at E = 1 MeV.
     */
    public static final double SIGMA_NU_N_CM2_PER_MEV2 = 1.705e-44 * (1 + 3 * 1.27 * 1.27) / 4 / (0.51099895 * 0.51099895);
    /** Eq. 2/3 prefactor (1e-2)^4. */
    public static final double TWO_TO_FOUR_PREFACTOR = 1e-8;
    private static final double ZETA_5 = 1.0369277551433699;

    public CoreModel {
        Validation.requirePositiveFinite("Rmin (km)", rMinKm);
        Validation.requirePositiveFinite("Rmax (km)", rMaxKm);
        if (!(rMaxKm > rMinKm)) {
            throw new IllegalArgumentException("Rmax (km) must be > Rmin = " + rMinKm + ", got " + rMaxKm);
        }
        Validation.requirePositiveFinite("<E> (MeV)", meanEnergy);
    }

    /** Paper's default case: Rmin = 15 km, &lt;E&gt; = 30 MeV, Rmax = 45 km. */
    public static CoreModel paperDefault(Profile profile) {
        return new CoreModel("default (Rmin = 15 km, <E> = 30 MeV)", 15, 45, 30, profile);
    }

    /** Paper's conservative case: Rmin = 30 km, &lt;E&gt; = 15 MeV, Rmax = 45 km. */
    public static CoreModel conservative(Profile profile) {
        return new CoreModel("conservative (Rmin = 30 km, <E> = 15 MeV)", 30, 45, 15, profile);
    }

    /** A short identifier with units, for CSV columns: e.g. Rmin15km_E30MeV_uniform. */
    public String key() {
        return String.format(Locale.ROOT, "Rmin%skm_E%sMeV_%s", trim(rMinKm), trim(meanEnergy), profile.label());
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** T = &lt;E&gt;/3.15 (Fermi-Dirac, zero chemical potential), MeV. */
    public double temperature() {
        return meanEnergy / 3.15;
    }

    /** Ecm = 2 &lt;E&gt; for isotropic neutrinos, MeV. */
    public double centreOfMassEnergy() {
        return 2 * meanEnergy;
    }

    /** Six species of Fermi-Dirac neutrinos at rMin: 6 * 3 zeta(3) / (4 pi^2) T^3, in cm^-3. */
    public double neutrinoDensityPerCm3() {
        double t = temperature();
        double perSpecies = 3 * PhysicalConstants.ZETA_3 / (4 * Math.PI * Math.PI) * t * t * t;
        return PhysicalConstants.perMev3ToPerCm3(6 * perSpecies);
    }

    /** sigma_nuN averaged over the Fermi-Dirac number spectrum: &lt;E^2&gt; = 15 zeta(5)/zeta(3) T^2. */
    public double meanNucleonCrossSectionCm2() {
        double t = temperature();
        return SIGMA_NU_N_CM2_PER_MEV2 * 15 * ZETA_5 / PhysicalConstants.ZETA_3 * t * t;
    }

    /** lambda_nuN at rMin in cm. */
    public double meanFreePathCm() {
        return 1 / (neutrinoDensityPerCm3() * meanNucleonCrossSectionCm2());
    }

    /**
     * G = Int r dr (lambda0/lambda(r))^2 in cm^2, the geometry shared by N_nuN = G / lambda0^2 and
     * Int n dl = n0 G / lambda0: (Rmax^2 - Rmin^2)/2 (uniform), Rmin^4 (Rmin^-2 - Rmax^-2)/2 (inverse square).
     */
    double geometryCm2() {
        double r1 = rMinKm * PhysicalConstants.CM_PER_KM;
        double r2 = rMaxKm * PhysicalConstants.CM_PER_KM;
        return switch (profile) {
            case UNIFORM -> (r2 * r2 - r1 * r1) / 2;
            case INVERSE_SQUARE -> Math.pow(r1, 4) * (1 / (r1 * r1) - 1 / (r2 * r2)) / 2;
        };
    }

    /** N_nuN: the mean number of neutrino-nucleon scatterings in the decoupling region. */
    public double nucleonScatterings() {
        double l = meanFreePathCm();
        return geometryCm2() / (l * l);
    }

    /** Int n dl along the random walk, cm^-2 (uniform: n lambda N_nuN, Eq. 7). */
    public double walkedColumnDensityPerCm2() {
        return neutrinoDensityPerCm3() * geometryCm2() / meanFreePathCm();
    }

    /** Eqs. 2, 3: sigma_{2nu->4nu} in MeV^-2. */
    public static double twoToFourCrossSection(double ecm, double mass, double coupling) {
        double g8 = Math.pow(coupling, 8);
        if (ecm < mass) {
            double r = ecm / mass;
            return TWO_TO_FOUR_PREFACTOR * g8 * Math.pow(r, 6) / (mass * mass);
        }
        return TWO_TO_FOUR_PREFACTOR * g8 / (ecm * ecm);
    }

    /** N_{2nu->4nu}(M, g), Eq. 7. */
    public double twoToFourScatterings(double mass, double coupling) {
        double sigma = PhysicalConstants.toCm2(twoToFourCrossSection(centreOfMassEnergy(), mass, coupling));
        return sigma * walkedColumnDensityPerCm2();
    }

    /** log10 g where N_{2->4} = 1 at this mass: N scales as g^8 exactly, so no root finding is needed. */
    public double boundLog10Coupling(double mass) {
        return -Math.log10(twoToFourScatterings(mass, 1.0)) / 8;
    }

    /**
     * log10 of the largest excluded mass when g is at most 10^log10gMax: for M above Ecm, Eq. 2 gives
     * g* proportional to M, so M_end = Ecm 10^(log10gMax - g*_flat). NaN if not even the flat region is excluded.
     */
    public double maximumExcludedLog10Mass(double log10gMax) {
        double flat = boundLog10Coupling(centreOfMassEnergy() * 1e-3);
        if (flat > log10gMax) {
            return Double.NaN;
        }
        return Math.log10(centreOfMassEnergy()) + log10gMax - flat;
    }
}
