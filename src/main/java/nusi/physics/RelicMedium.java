package nusi.physics;

/**
 * The relic neutrino background and the path through it.
 *
 * @param neutrinoMass       m in MeV (paper: 0.05 eV = 5e-8 MeV)
 * @param relicDensityPerCm3 n_CvB in cm^-3, all flavours, nu + nubar (paper: 330)
 * @param dirac              Dirac neutrinos: half of the relic states are sterile, so half the targets
 * @param distanceKpc        distance from the supernova to Earth D in kpc (paper: 50)
 * @param secantFactor       keep the 1/cos(theta) factor of Eq. 8 (on by default, as in the paper)
 */
public record RelicMedium(double neutrinoMass, double relicDensityPerCm3, boolean dirac, double distanceKpc,
                          boolean secantFactor) {
    public RelicMedium {
        Validation.requirePositiveFinite("neutrino mass m (MeV)", neutrinoMass);
        Validation.requirePositiveFinite("relic density n_CvB (cm^-3)", relicDensityPerCm3);
        Validation.requirePositiveFinite("distance D (kpc)", distanceKpc);
    }

    /** The paper's choices: m = 0.05 eV, n = 330 cm^-3, Majorana, D = 50 kpc, 1/cos on. */
    public static RelicMedium paperDefault() {
        return new RelicMedium(PhysicalConstants.DEFAULT_NEUTRINO_MASS_MEV,
                PhysicalConstants.DEFAULT_RELIC_DENSITY_PER_CM3, false, PhysicalConstants.DEFAULT_DISTANCE_KPC,
                true);
    }

    public RelicMedium withDistanceKpc(double d) {
        return new RelicMedium(neutrinoMass, relicDensityPerCm3, dirac, d, secantFactor);
    }

    public RelicMedium withDirac(boolean d) {
        return new RelicMedium(neutrinoMass, relicDensityPerCm3, d, distanceKpc, secantFactor);
    }

    public RelicMedium withSecantFactor(boolean on) {
        return new RelicMedium(neutrinoMass, relicDensityPerCm3, dirac, distanceKpc, on);
    }

    /** T = D/c, seconds: the unscattered travel time, the scale of every delay (physics.md). */
    public double crossingTimeSeconds() {
        return distanceKpc * PhysicalConstants.CM_PER_KPC / PhysicalConstants.SPEED_OF_LIGHT_CM_PER_S;
    }

    /** Density of scattering targets, cm^-3. */
    public double targetDensityPerCm3() {
        return dirac ? 0.5 * relicDensityPerCm3 : relicDensityPerCm3;
    }

    /** n D in MeV^2: the optical depth of the whole path is this times sigma in MeV^-2. */
    public double columnDensity() {
        return PhysicalConstants.columnDensityMev2(targetDensityPerCm3(), distanceKpc * PhysicalConstants.CM_PER_KPC);
    }
}
