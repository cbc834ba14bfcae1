package nusi.bounds;

import java.util.List;

/**
 * g*(M) over a mass range, with the features the paper describes: the flat low-mass value, the dip near the
 * resonance scale, and where the bound ends.
 */
public record PropagationBoundCurve(List<BoundPoint> points, CouplingSearch search) {
    public PropagationBoundCurve {
        points = List.copyOf(points);
    }

    /** The bound at the lowest mass of the scan (deep below the resonance scale it does not depend on M). */
    public BoundPoint lowestMass() {
        return points.get(0);
    }

    /** The strongest bound (smallest g*) over the range, or null if nothing is bounded. */
    public BoundPoint strongest() {
        BoundPoint best = null;
        for (BoundPoint p : points) {
            if (p.status() == BoundPoint.Status.BOUNDED && (best == null || p.log10Coupling() < best.log10Coupling())) {
                best = p;
            }
        }
        return best;
    }

    /** The largest mass that is still bounded, counting up from the lowest; null if the first is not. */
    public BoundPoint lastBounded() {
        BoundPoint last = null;
        for (BoundPoint p : points) {
            if (p.status() != BoundPoint.Status.BOUNDED) {
                break;
            }
            last = p;
        }
        return last;
    }

    /** The first mass after {@link #lastBounded()} with no bound in range, or null if the bound never ends. */
    public BoundPoint firstUnbounded() {
        for (BoundPoint p : points) {
            if (p.status() != BoundPoint.Status.BOUNDED) {
                return p;
            }
        }
        return null;
    }
}
