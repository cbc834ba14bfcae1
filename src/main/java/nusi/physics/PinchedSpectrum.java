package nusi.physics;

import org.hipparchus.special.Gamma;

/**
 * The pinched (alpha-fit) supernova spectrum f0(E) proportional to (E/<E>)^alpha exp(-(alpha + 1) E/<E>),
 * normalised to one neutrino on [0, infinity), with alpha = (2 <E>^2 - <E^2>) / (<E^2> - <E>^2)
 * (Keil, Raffelt, Janka 2003; Tamborra et al. 2012). Energies in MeV.
 *
 * @param meanEnergy       <E> in MeV
 * @param meanSquareEnergy <E^2> in MeV^2, strictly between <E>^2 and 2 <E>^2 (so that alpha > 0)
 */
public record PinchedSpectrum(double meanEnergy, double meanSquareEnergy) {

    /** The paper's spectrum: <E> = 15 MeV, <E^2> = 290 MeV^2 (alpha = 2.4615...). */
    public static PinchedSpectrum paperDefault() {
        return new PinchedSpectrum(15.0, 290.0);
    }

    public PinchedSpectrum {
        Validation.requirePositiveFinite("mean energy <E> (MeV)", meanEnergy);
        Validation.requirePositiveFinite("mean square energy <E^2> (MeV^2)", meanSquareEnergy);
        double e2 = meanEnergy * meanEnergy;
        if (!(meanSquareEnergy > e2 && meanSquareEnergy < 2 * e2)) {
            throw new IllegalArgumentException("mean square energy <E^2> (MeV^2) must be in (<E>^2, 2 <E>^2) = ("
                    + e2 + ", " + 2 * e2 + "), got " + meanSquareEnergy);
        }
    }

    public double alpha() {
        double e2 = meanEnergy * meanEnergy;
        return (2 * e2 - meanSquareEnergy) / (meanSquareEnergy - e2);
    }

    /** dN/dE in MeV^-1, integrating to 1. */
    public double density(double energy) {
        if (energy <= 0) {
            return 0;
        }
        double a = alpha();
        double x = (a + 1) * energy / meanEnergy;
        double logNorm = (a + 1) * Math.log(a + 1) - Gamma.logGamma(a + 1) - Math.log(meanEnergy);
        return Math.exp(logNorm + a * Math.log(energy / meanEnergy) - x);
    }

    /** Fraction of the neutrinos with energy in [lo, hi], exact (regularised incomplete gamma). */
    public double fractionBetween(double lo, double hi) {
        if (hi <= lo) {
            return 0;
        }
        // Above the median P(hi) - P(lo) cancels (bins above ~200 MeV came out as 0): use Q(lo) - Q(hi) there.
        if (lo >= meanEnergy) {
            return complementaryCumulative(lo) - complementaryCumulative(hi);
        }
        return cumulative(hi) - cumulative(lo);
    }

    /**
     * Fractions in the bins between consecutive ascending edges, each edge's incomplete gamma computed once: P
     * below the mean energy, Q above it (where P - P cancels), so every bin keeps its relative accuracy.
     */
    public double[] fractionsBetween(double[] edges) {
        int n = edges.length - 1;
        double[] lower = new double[n + 1];
        boolean[] upper = new boolean[n + 1];
        for (int i = 0; i <= n; i++) {
            upper[i] = edges[i] >= meanEnergy;
            lower[i] = upper[i] ? complementaryCumulative(edges[i]) : cumulative(edges[i]);
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            if (upper[i]) {
                c[i] = lower[i] - lower[i + 1];
            } else if (!upper[i + 1]) {
                c[i] = lower[i + 1] - lower[i];
            } else {
                c[i] = (1 - lower[i + 1]) - lower[i];
            }
        }
        return c;
    }

    /** Fraction above E: the regularised upper incomplete gamma Q, accurate where it is small. */
    public double complementaryCumulative(double energy) {
        if (energy <= 0) {
            return 1;
        }
        double a = alpha();
        return Gamma.regularizedGammaQ(a + 1, (a + 1) * energy / meanEnergy);
    }

    /** Fraction below E. */
    public double cumulative(double energy) {
        if (energy <= 0) {
            return 0;
        }
        double a = alpha();
        return Gamma.regularizedGammaP(a + 1, (a + 1) * energy / meanEnergy);
    }
}
