package nusi.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.transport.ArrivalWindow;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergySpectrumResult;
import nusi.transport.ExactEnergyPropagator;
import nusi.transport.ExactMoments;

/**
 * What one propagation writes into result.json, as records serialised by Jackson (one field list per solver; the
 * names are those scripts read: every solver writes fractionAboveThreshold, thresholdMeV, log10M, log10g, grid).
 * Units are in the names.
 */
public final class PropagationResults {
    private PropagationResults() {
    }

    /** The grid a result lives on; the angle fields only for the energy-angle solver. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Grid(int energyBins, double energyMinMeV, double energyMaxMeV, double binsPerDecade,
                       Integer angleCells, Double firstAngleNodeRad, Double maxAngleRad) {
        public static Grid of(EnergyGrid g) {
            return new Grid(g.bins(), g.minEnergy(), g.maxEnergy(), g.bins() / Math.log10(g.maxEnergy() / g.minEnergy()),
                    null, null, null);
        }

        public static Grid of(EnergyGrid g, AngleGrid ag) {
            Grid e = of(g);
            return new Grid(e.energyBins, e.energyMinMeV, e.energyMaxMeV, e.binsPerDecade, ag.cells(),
                    ag.nodeCount() > 1 ? ag.node(1) : 0, ag.maxAngle());
        }
    }

    /** The point of the (M, g) plane and the solver. */
    public record Point(double log10M, double log10g, double massMeV, double coupling, String solver, Grid grid) {
        public static Point of(Mediator m, String solver, Grid grid) {
            return new Point(m.log10Mass(), m.log10Coupling(), m.mass(), m.coupling(), solver, grid);
        }
    }

    /** Number and energy bookkeeping of an energy-only propagation (per neutrino emitted; energies in MeV). */
    public record Balance(double emittedOnGrid, double numberAtEarthOnGrid, double outflowBelowGrid,
                          double outflowEnergyMeV, double injectedEnergyMeV, double relativeEnergyBalance) {
        public static Balance of(EnergySpectrumResult r) {
            return new Balance(r.initialNumber(), r.finalNumber(), r.outflowCount(), r.outflowEnergy(),
                    r.injectedEnergy(), r.relativeEnergyBalance());
        }
    }

    /**
     * The exact moments of the neutrinos above threshold (moments.csv has them per bin), and the in-window bracket
     * at 10 s (arrival_window.csv has it for windows from 0.01 s to 1e8 s).
     */
    public record Moments(ExactMoments.Summary momentsAboveThreshold, double momentsSeconds,
                          InWindow arrivalWithinWindow) {
    }

    /** Fractions of emitted neutrinos arriving above threshold within the window (ArrivalWindow's bracket). */
    public record InWindow(double windowSeconds, ArrivalWindow.Bracket slab, ArrivalWindow.Bracket pointSource,
                           double unscattered, double quadratureDefect, double seconds) {
    }

    /** `propagate --solver 1d`: F extrapolated in the bin width, the spectrum on the finest grid. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnergyOnly(double fractionAboveThreshold, double thresholdMeV, @JsonUnwrapped Point point,
                             @JsonUnwrapped Balance balance, double fractionAboveThresholdOnGrid,
                             double fractionExtrapolationErrorEstimate, double[] fractionPerGrid,
                             int[] binsPerDecadePerGrid, double runtimeSeconds, @JsonUnwrapped Moments moments) {
        public static EnergyOnly of(Point point, double thresholdMeV, ExactEnergyPropagator.ExtrapolatedFraction fx,
                                    EnergySpectrumResult onFinestGrid, double runtimeSeconds, Moments moments) {
            return new EnergyOnly(fx.value(), thresholdMeV, point, Balance.of(onFinestGrid),
                    onFinestGrid.fractionAboveThreshold(), fx.errorEstimate(), fx.perLevel(), fx.binsPerDecade(),
                    runtimeSeconds, moments);
        }
    }

    /** `propagate --solver 2d`. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnergyAngle(@JsonUnwrapped Point point, @JsonUnwrapped EnergyAngleResult.Summary summary,
                              boolean secantFactor, Double tolerance, double operatorBuildSeconds,
                              double exactMeanAngleSeconds, String format, @JsonUnwrapped Moments moments,
                              double[] distancesKpc, String channels, String deflection, String geometry,
                              Integer pointSourceStepsInX, nusi.physics.MassStates relicMassStates,
                              DelayResult delayDistribution) {
    }

    /**
     * `propagate --delay-grid`: the arrival delays of the neutrinos above threshold on the delay grid, per emitted
     * neutrino (as F), in the run's picture.
     *
     * @param fractionWithinWindow              above threshold and within the window of the unscattered front
     * @param unscatteredAboveThreshold         on the node tau = 0
     * @param atLastDelayNode                   on the last node (which also holds every longer delay)
     * @param meanDelayAboveThresholdSeconds    the grid's mean delay of the neutrinos above threshold
     * @param exactMeanDelayAboveThresholdSeconds the exact moment of the same picture (moment chains, no grid) per
     *                                          bin, weighted as the grid's mean
     */
    public record DelayResult(String picture, int delayNodes, double firstDelayNodeSeconds,
                              double lastDelayNodeSeconds, double windowSeconds, double fractionAboveThreshold,
                              double fractionWithinWindow, double unscatteredAboveThreshold, double atLastDelayNode,
                              double meanDelayAboveThresholdSeconds, double exactMeanDelayAboveThresholdSeconds,
                              String integrator, String backend, double seconds) {
    }

    /** `propagate --channels stu` (energy-only; the spectrum on the coarsest grid, counts only). */
    public record ChannelsResult(double fractionAboveThreshold, double thresholdMeV, @JsonUnwrapped Point point,
                                 double fractionAboveThresholdOnGrid, double fractionExtrapolationErrorEstimate,
                                 double[] fractionPerGrid, int[] binsPerDecadePerGrid, String channels,
                                 double relicDensityPerHelicityPerCm3, double runtimeSeconds) {
    }

    /** `propagate --relic-masses three`. */
    public record MassStatesResult(double fractionAboveThreshold, double thresholdMeV, String channels,
                                   @JsonUnwrapped Point point,
                                   double fractionAboveThresholdOnGrid, double fractionExtrapolationErrorEstimate,
                                   MassStates relicMassStates, double relicDensityPerStatePerCm3,
                                   double runtimeSeconds) {
    }
}
