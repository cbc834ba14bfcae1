package nusi.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import nusi.bounds.BoundPoint;
import nusi.bounds.CoreModel;
import nusi.bounds.PropagationBoundCurve;

/** The sections of a scan's summary.json, as records serialised by Jackson (names as scripts and the report read). */
public final class ScanSummaries {
    private ScanSummaries() {
    }

    /** A bound curve: where it starts, its strongest point, where it ends (log10 M in MeV), its cost. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bound(double lowestLog10M, double lowestMassLog10gBound, String lowestMassStatus,
                        Double strongestLog10gBound, Double strongestAtLog10M, double lastBoundedLog10M,
                        double lastBoundedLog10g, double firstUnboundedLog10M, double log10gMax, double fraction,
                        int fEvaluations, double seconds) {
        public static Bound of(PropagationBoundCurve curve, double seconds) {
            BoundPoint low = curve.lowestMass();
            BoundPoint best = curve.strongest();
            BoundPoint last = curve.lastBounded();
            BoundPoint first = curve.firstUnbounded();
            int evaluations = 0;
            for (BoundPoint p : curve.points()) {
                evaluations += p.evaluations();
            }
            return new Bound(low.log10Mass(), low.log10Coupling(), low.status().label(),
                    best == null ? null : best.log10Coupling(), best == null ? null : best.log10Mass(),
                    last == null ? Double.NaN : last.log10Mass(), last == null ? Double.NaN : last.log10Coupling(),
                    first == null ? Double.NaN : first.log10Mass(), curve.search().log10gMax(),
                    curve.search().fraction(), evaluations, seconds);
        }
    }

    /** The timing bound: a bound curve with its window, its picture and the check against the energy bound. */
    public record Timing(@JsonUnwrapped Bound bound, double windowSeconds, String picture,
                         boolean neverWeakerThanEnergy) {
    }

    /** One case of the core bound. */
    public record Core(String name, double flatLog10gBound, double endsAtLog10M, double neutrinoDensityPerCm3,
                       double meanFreePathKm, double nucleonScatterings) {
        public static Core of(CoreModel c, double log10gMax) {
            return new Core(c.name(), c.boundLog10Coupling(1e-3), c.maximumExcludedLog10Mass(log10gMax),
                    c.neutrinoDensityPerCm3(), c.meanFreePathCm() / 1e5, c.nucleonScatterings());
        }
    }

    /** One mass of the propagation scan's energy-angle check (F of both solvers at the bound's g). */
    public record Check2d(double log10M, double log10g, @JsonProperty("F1d") double f1d,
                          @JsonProperty("F2d") double f2d, double relativeDifference, double errorEstimate,
                          String integrator) {
    }
}
