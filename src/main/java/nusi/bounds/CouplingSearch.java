package nusi.bounds;

import java.util.function.DoubleUnaryOperator;
import nusi.physics.Parameter;
import nusi.physics.ParameterException;
import nusi.physics.Validation;
import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * Finds g* with F(M, g*) = fraction by bracketing in log10 g: F is not monotone in g (up-scattered relic
 * neutrinos lift it above 1 before the cascade takes everything below threshold, physics.md), so bisection
 * on the whole range could land on the wrong side. The search walks up from {@code log10gMin} in steps of
 * {@code coarseStep} until F first drops below the fraction, then refines that bracket with Brent's method on
 * log F (F falls over many decades there) to {@code tolerance} in log10 g.
 *
 * <p>The reported crossing is therefore the <em>smallest</em> g in range where F falls through the fraction
 * from above: the lower edge of the excluded region. A dip below the fraction narrower than the coarse step
 * would be missed; none exists for this model (F is flat at ~0.94 for small g and collapses over ~0.5 in
 * log10 g), and the coarse step is an option.
 */
public record CouplingSearch(double log10gMin, double log10gMax, double coarseStep, double tolerance,
                             double fraction) {
    public CouplingSearch {
        Validation.requireFinite(Parameter.LOG10_G_MIN, log10gMin);
        Validation.requireFinite(Parameter.LOG10_G_MAX, log10gMax);
        if (!(log10gMax > log10gMin)) {
            throw new ParameterException(Parameter.LOG10_G_MAX.token() + " must be > " + Parameter.LOG10_G_MIN.token()
                    + " = " + log10gMin + ", got " + log10gMax);
        }
        Validation.requireInRange(Parameter.COARSE_STEP, coarseStep, 1e-3, 2.0);
        Validation.requireInRange(Parameter.COUPLING_TOLERANCE, tolerance, 1e-8, 0.5);
        Validation.requireInRange(Parameter.FRACTION, fraction, 1e-300, 1e3);
    }

    /** The paper's criterion: F < 0.01, searched for 1e-6 <= g <= 10 to 0.005 in log10 g. */
    public static CouplingSearch paperDefault() {
        return new CouplingSearch(-6, 1, 0.25, 0.005, 0.01);
    }

    /**
     * @param log10Mass           only recorded in the result
     * @param fractionOfLog10g    F as a function of log10 g at this mass
     */
    public BoundPoint search(double log10Mass, DoubleUnaryOperator fractionOfLog10g) {
        int[] evaluations = {0};
        DoubleUnaryOperator f = x -> {
            evaluations[0]++;
            return fractionOfLog10g.applyAsDouble(x);
        };
        int steps = (int) Math.ceil((log10gMax - log10gMin) / coarseStep - 1e-9);
        double previous = log10gMin;
        double fPrevious = f.applyAsDouble(previous);
        double max = fPrevious;
        if (fPrevious < fraction) {
            return new BoundPoint(log10Mass, Double.NaN, BoundPoint.Status.EXCLUDED_AT_MINIMUM, fPrevious,
                    evaluations[0]);
        }
        for (int k = 1; k <= steps; k++) {
            double x = Math.min(log10gMin + k * coarseStep, log10gMax);
            double fx = f.applyAsDouble(x);
            if (fx < fraction) {
                double logFraction = Math.log(fraction);
                // log F with a floor: F underflows to 0 deep in the excluded region.
                DoubleUnaryOperator h = y -> Math.log(Math.max(f.applyAsDouble(y), Double.MIN_NORMAL)) - logFraction;
                double root = new BrentSolver(tolerance / 4).solve(200, h::applyAsDouble, previous, x);
                return new BoundPoint(log10Mass, root, BoundPoint.Status.BOUNDED, max, evaluations[0]);
            }
            max = Math.max(max, fx);
            previous = x;
        }
        return new BoundPoint(log10Mass, Double.NaN, BoundPoint.Status.NOT_EXCLUDED_IN_RANGE, max, evaluations[0]);
    }
}
