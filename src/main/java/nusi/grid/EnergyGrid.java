package nusi.grid;

import java.util.Arrays;
import nusi.physics.Validation;

/**
 * Energy bins in MeV, ascending: bin i is [edge(i), edge(i+1)). Counts per bin are the finite-volume
 * unknowns; within a bin the density is taken uniform in E. Immutable.
 */
public final class EnergyGrid {
    /** Upper limit on bins, so that a typo cannot ask for a grid that fills the heap. */
    public static final int MAX_BINS = 100_000;

    private final double[] edges;

    private EnergyGrid(double[] edges) {
        this.edges = edges;
    }

    /** Grid from explicit ascending edges. */
    public static EnergyGrid ofEdges(double[] edges) {
        if (edges.length < 2) {
            throw new IllegalArgumentException("energy grid needs at least 2 edges, got " + edges.length);
        }
        for (int i = 0; i < edges.length; i++) {
            Validation.requirePositiveFinite("energy edge (MeV)", edges[i]);
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("energy edges must increase strictly, got " + edges[i - 1]
                        + " then " + edges[i]);
            }
        }
        return new EnergyGrid(edges.clone());
    }

    /** n log-spaced bins from eMin to eMax (MeV). */
    public static EnergyGrid logSpaced(double eMin, double eMax, int bins) {
        validateRange(eMin, eMax);
        Validation.requireInRange("energy bins", bins, 1, MAX_BINS);
        double[] e = new double[bins + 1];
        double ratio = Math.log(eMax / eMin);
        for (int i = 0; i <= bins; i++) {
            e[i] = eMin * Math.exp(ratio * i / bins);
        }
        e[0] = eMin;
        e[bins] = eMax;
        return new EnergyGrid(e);
    }

    /**
     * Log-spaced bins with binsPerDecade, placed so that one edge lies exactly on anchor (the detection
     * threshold): edges anchor * 10^(k/binsPerDecade) covering [eMin, eMax] (widened outward to the lattice).
     */
    public static EnergyGrid anchored(double eMin, double eMax, int binsPerDecade, double anchor) {
        validateRange(eMin, eMax);
        Validation.requireInRange("energy bins per decade", binsPerDecade, 1, 10_000);
        Validation.requirePositiveFinite("anchor energy (MeV)", anchor);
        int kLo = (int) Math.floor(Math.log10(eMin / anchor) * binsPerDecade + 1e-9);
        int kHi = (int) Math.ceil(Math.log10(eMax / anchor) * binsPerDecade - 1e-9);
        if (kHi - kLo > MAX_BINS) {
            throw new IllegalArgumentException("energy grid would have " + (kHi - kLo) + " bins, more than "
                    + MAX_BINS);
        }
        double[] e = new double[kHi - kLo + 1];
        for (int k = kLo; k <= kHi; k++) {
            e[k - kLo] = k == 0 ? anchor : anchor * Math.pow(10.0, (double) k / binsPerDecade);
        }
        return new EnergyGrid(e);
    }

    private static void validateRange(double eMin, double eMax) {
        Validation.requirePositiveFinite("minimum energy (MeV)", eMin);
        Validation.requirePositiveFinite("maximum energy (MeV)", eMax);
        if (!(eMax > eMin)) {
            throw new IllegalArgumentException("maximum energy (MeV) must be > minimum energy " + eMin + ", got "
                    + eMax);
        }
    }

    /** The bins whose upper edge lies above threshold: since energy only decreases, this sub-grid evolves
     * exactly as it does inside the full grid. */
    public EnergyGrid truncatedBelow(double threshold) {
        int first = binContaining(threshold);
        if (first < 0) {
            first = 0;
        }
        return new EnergyGrid(Arrays.copyOfRange(edges, first, edges.length));
    }

    public int bins() {
        return edges.length - 1;
    }

    public double lowerEdge(int bin) {
        return edges[bin];
    }

    public double upperEdge(int bin) {
        return edges[bin + 1];
    }

    public double width(int bin) {
        return edges[bin + 1] - edges[bin];
    }

    /** Arithmetic mid-point: the mean energy of a uniform distribution in the bin. */
    public double meanEnergy(int bin) {
        return 0.5 * (edges[bin] + edges[bin + 1]);
    }

    /** Geometric centre, for plotting on log axes. */
    public double logCentre(int bin) {
        return Math.sqrt(edges[bin] * edges[bin + 1]);
    }

    public double minEnergy() {
        return edges[0];
    }

    public double maxEnergy() {
        return edges[edges.length - 1];
    }

    public double[] edges() {
        return edges.clone();
    }

    /** Index of the bin containing e, or -1 below the grid, bins() above it. */
    public int binContaining(double e) {
        if (e < edges[0]) {
            return -1;
        }
        if (e >= edges[edges.length - 1]) {
            return bins();
        }
        int idx = Arrays.binarySearch(edges, e);
        return idx >= 0 ? idx : -idx - 2;
    }

    /** Fraction of bin's content above e, for a density uniform within the bin. */
    public double fractionOfBinAbove(int bin, double e) {
        if (e <= edges[bin]) {
            return 1;
        }
        if (e >= edges[bin + 1]) {
            return 0;
        }
        return (edges[bin + 1] - e) / width(bin);
    }

    /** Sum of counts above e (partial bin by its uniform share). */
    public double countAbove(double[] counts, double e) {
        double sum = 0;
        for (int i = 0; i < bins(); i++) {
            sum += counts[i] * fractionOfBinAbove(i, e);
        }
        return sum;
    }

    @Override
    public String toString() {
        return String.format("EnergyGrid[%d bins, %.3g..%.3g MeV]", bins(), minEnergy(), maxEnergy());
    }
}
