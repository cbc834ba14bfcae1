package nusi.cli;

import nusi.grid.EnergyGrid;
import nusi.grid.EnergyResolution;
import nusi.physics.Validation;
import picocli.CommandLine.Option;

/** The energy grid of the energy-only solver: log-spaced, with an edge on the threshold. */
public final class EnergyGridOptions {
    @Option(names = "--e-min", paramLabel = "MEV",
            description = "Lowest energy edge in MeV, >= m/2 (default: 1e-6 for the 1d solver, 1e-5 for 2d, where the "
                    + "angles beyond --theta-max start to matter). Below ~1e-6 MeV the model's own energy budget makes the "
                    + "spectrum untrustworthy (physics.md, pitfall 7).")
    Double eMin;

    @Option(names = "--e-max", paramLabel = "MEV", defaultValue = "300",
            description = "Highest energy edge in MeV (default: ${DEFAULT-VALUE}).")
    double eMax;

    @Option(names = "--bins-per-decade", paramLabel = "N", defaultValue = "40",
            description = "Energy bins per decade of the coarsest grid, one edge on the threshold (default: "
                    + "${DEFAULT-VALUE}).")
    int binsPerDecade;

    @Option(names = "--extrapolation-levels", paramLabel = "L", defaultValue = "3",
            description = "1d: F extrapolated in the bin width over L nested grids with N, 2N, ... bins per decade "
                    + "(Richardson; 1: the single grid). Spectra are written on the finest grid (default: "
                    + "${DEFAULT-VALUE}: F within 1e-4 of its grid-converged value, docs/convergence.md).")
    int extrapolationLevels;

    double minEnergy(double defaultValue) {
        return Validation.requirePositiveFinite("--e-min (MeV)", eMin != null ? eMin : defaultValue);
    }

    double maxEnergy(double threshold) {
        Validation.requirePositiveFinite("--e-max (MeV)", eMax);
        if (!(eMax > threshold)) {
            throw new IllegalArgumentException("--e-min and --e-max must bracket the threshold " + threshold
                    + " MeV, got [" + eMin + ", " + eMax + "]");
        }
        return eMax;
    }

    /** The resolution these options describe, checked against the threshold. */
    EnergyResolution resolution(double threshold) {
        double eMin = minEnergy(1e-6);
        Validation.requirePositiveFinite("--e-max (MeV)", eMax);
        if (!(eMax > threshold) || !(eMin < threshold)) {
            throw new IllegalArgumentException("--e-min and --e-max must bracket the threshold " + threshold
                    + " MeV, got [" + eMin + ", " + eMax + "]");
        }
        Validation.requireInRange("--bins-per-decade", binsPerDecade, 1, 10000);
        Validation.requireInRange("--extrapolation-levels", extrapolationLevels, 1, EnergyResolution.MAX_LEVELS);
        if ((long) binsPerDecade << (extrapolationLevels - 1) > 10000) {
            throw new IllegalArgumentException("--bins-per-decade times 2^(--extrapolation-levels - 1) must be <= "
                    + "10000, got " + ((long) binsPerDecade << (extrapolationLevels - 1)));
        }
        return new EnergyResolution(eMin, eMax, binsPerDecade, extrapolationLevels);
    }

    /** The grid of full spectra: the finest of the resolution. */
    EnergyGrid grid(double threshold) {
        return resolution(threshold).finestGrid(threshold);
    }
}
