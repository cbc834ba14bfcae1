package nusi.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moment equations whose sources carry powers of x (the point source's deflection x theta~ and its projected delay
 * (1 - x)(...)), written once and turned into {@link MomentChains} levels mechanically: a moment M with
 * dM/dx = A M + sum coef C (x^p P) gets, for each power k it is needed at, a level x^k M / k!, whose sources are the
 * level x^(k-1) M / (k-1)! (the identity) and coef (k + p)!/k! C applied to x^(k+p) P / (k+p)!. The counts N are the
 * moment with no sources (x^k N / k! = chain(I, ..., I)).
 */
final class WeightedMoments {
    /** A moment: a name for messages and its source terms. */
    static final class Moment {
        private final String name;
        private final List<Term> terms = new ArrayList<>();

        Moment(String name) {
            this.name = name;
        }

        /** dM/dx gains coef C (x^power P) (C null: the identity). */
        Moment plus(double coef, double[] coupling, int power, Moment parent) {
            terms.add(new Term(parent, coupling, coef, power));
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private record Term(Moment parent, double[] coupling, double coef, int power) {
    }

    static final Moment COUNTS = new Moment("N");

    private final MomentChains chains;
    private final Map<Moment, Map<Integer, Integer>> levels = new HashMap<>();

    WeightedMoments(MomentChains chains) {
        this.chains = chains;
    }

    /** Declares that {@code level} already holds x^k M / k! (built by hand), so that it is not built again. */
    void known(Moment m, int k, int level) {
        levels.computeIfAbsent(m, x -> new HashMap<>()).put(k, level);
    }

    /** The level holding x^k M / k!. */
    int level(Moment m, int k) {
        Integer known = levels.computeIfAbsent(m, x -> new HashMap<>()).get(k);
        if (known != null) {
            return known;
        }
        int l;
        if (m == COUNTS) {
            l = k == 0 ? MomentChains.COUNTS : chains.add(level(COUNTS, k - 1), null);
        } else {
            List<Integer> parents = new ArrayList<>();
            List<double[]> couplings = new ArrayList<>();
            List<Double> scales = new ArrayList<>();
            if (k > 0) {
                parents.add(level(m, k - 1));
                couplings.add(null);
                scales.add(1.0);
            }
            for (Term t : m.terms) {
                parents.add(level(t.parent(), k + t.power()));
                couplings.add(t.coupling());
                scales.add(t.coef() * fallingFactorial(k + t.power(), t.power()));
            }
            if (parents.isEmpty()) {
                throw new IllegalArgumentException("moment " + m + " has no source");
            }
            // the first source as the level's parent (scale 1), the others as extra sources; a first scale other
            // than 1 goes in as an extra source of the same parent with scale - 1 more
            l = chains.add(parents.get(0), couplings.get(0));
            if (scales.get(0) != 1.0) {
                chains.addSource(l, parents.get(0), couplings.get(0), scales.get(0) - 1);
            }
            for (int q = 1; q < parents.size(); q++) {
                chains.addSource(l, parents.get(q), couplings.get(q), scales.get(q));
            }
        }
        levels.get(m).put(k, l);
        return l;
    }

    /** (k + p)! / k!. */
    private static double fallingFactorial(int top, int count) {
        double f = 1;
        for (int q = 0; q < count; q++) {
            f *= top - q;
        }
        return f;
    }
}
