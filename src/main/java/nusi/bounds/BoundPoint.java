package nusi.bounds;

/**
 * The propagation bound at one mass: the coupling g* where F(M, g*) equals the excluded fraction.
 *
 * @param log10Mass      log10(M / MeV)
 * @param log10Coupling  log10 g* (NaN unless {@link Status#BOUNDED})
 * @param status         whether a crossing was found in the searched range
 * @param maxFraction    the largest F met below g* on the coarse scan (F > 1 shows up-scattered relics)
 * @param evaluations    number of F evaluations spent
 */
public record BoundPoint(double log10Mass, double log10Coupling, Status status, double maxFraction, int evaluations) {
    /** Outcome of the search in the configured range of g. */
    public enum Status {
        /** F falls below the fraction inside the range: g >= g* is excluded. */
        BOUNDED,
        /** F stays above the fraction for every g in range: no bound here (the bound has ended). */
        NOT_EXCLUDED_IN_RANGE,
        /** F is already below the fraction at the smallest g searched: widen the range downward. */
        EXCLUDED_AT_MINIMUM;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
