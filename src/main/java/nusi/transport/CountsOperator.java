package nusi.transport;

/**
 * The energy-only operator A on N counts (ascending energy, upper triangular in index: gains flow down), as the
 * moment chains ({@link MomentChains}) build their levels from it: products, shifted solves from the highest bin
 * down, and single entries. Two shapes: the rank-one strict triangle of the flat s-channel ({@link EnergyOnlyBackend},
 * O(N) per solve) and the general triangle of the s-, t- and u-channels ({@link ChannelsEnergyOperator}, O(N^2)).
 */
interface CountsOperator {
    int bins();

    /** nD times the gain (MeV^-2, factor 2 included) from bin i into bin j <= i: what couplings are built from. */
    double scaledGain(int target, int source);

    /** out[to + j] = (A x)_j for the N counts starting at x[from]. */
    void applyCounts(double[] x, int from, double[] out, int to);

    /** (I - c A) y = b on the N counts starting at b[from], into y[to..to + N). */
    void solveCounts(double c, double[] b, int from, double[] y, int to);

    /**
     * (sigma - A) z = sigma b + extra on the N counts starting at b[from] (extra: real and imaginary parts, or null),
     * into z[to..to + N).
     */
    void solveCountsComplex(double sr, double si, double[] b, int from, double[] extraRe, double[] extraIm,
                            double[] zr, double[] zi, int to);

    /** A's entry (j, i) for i >= j. */
    double entry(int j, int i);
}
