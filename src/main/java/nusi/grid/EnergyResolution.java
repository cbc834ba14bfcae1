package nusi.grid;

import nusi.physics.Validation;

/**
 * How finely the energy-only solver resolves energy: anchored log grids from {@code minEnergy} to
 * {@code maxEnergy} (MeV) with an edge on the threshold, and F extrapolated in the bin width over
 * {@code extrapolationLevels} nested grids with binsPerDecade, 2 binsPerDecade, ... bins per decade (1: the
 * single grid, no extrapolation). The default, 40 bins per decade and 3 levels, puts F within 1e-4 of its
 * grid-converged value (docs/convergence.md: measured 2e-5 at worst). Immutable.
 */
public record EnergyResolution(double minEnergy, double maxEnergy, int binsPerDecade, int extrapolationLevels) {
    public static final int MAX_LEVELS = 5;

    public EnergyResolution {
        Validation.requirePositiveFinite("minimum energy (MeV)", minEnergy);
        Validation.requirePositiveFinite("maximum energy (MeV)", maxEnergy);
        if (!(maxEnergy > minEnergy)) {
            throw new IllegalArgumentException("maximum energy (MeV) must be > minimum energy " + minEnergy + ", got "
                    + maxEnergy);
        }
        Validation.requireInRange("energy bins per decade", binsPerDecade, 1, 10_000);
        Validation.requireInRange("extrapolation levels", extrapolationLevels, 1, MAX_LEVELS);
        if ((long) binsPerDecade << (extrapolationLevels - 1) > 10_000) {
            throw new IllegalArgumentException("energy bins per decade times 2^(levels - 1) must be <= 10000, got "
                    + ((long) binsPerDecade << (extrapolationLevels - 1)));
        }
    }

    /** 1e-6 to 300 MeV, 40 bins per decade, 3 levels (F to 1e-4). */
    public static EnergyResolution defaults() {
        return new EnergyResolution(1e-6, 300, 40, 3);
    }

    /** A single grid with no extrapolation. */
    public static EnergyResolution single(double minEnergy, double maxEnergy, int binsPerDecade) {
        return new EnergyResolution(minEnergy, maxEnergy, binsPerDecade, 1);
    }

    /** Bins per decade of the finest grid. */
    public int finestBinsPerDecade() {
        return binsPerDecade << (extrapolationLevels - 1);
    }

    /** The coarsest grid, anchored on the threshold. */
    public EnergyGrid grid(double threshold) {
        return EnergyGrid.anchored(minEnergy, maxEnergy, binsPerDecade, threshold);
    }

    /** The finest grid, anchored on the threshold (the grid of full spectra). */
    public EnergyGrid finestGrid(double threshold) {
        return EnergyGrid.anchored(minEnergy, maxEnergy, finestBinsPerDecade(), threshold);
    }
}
