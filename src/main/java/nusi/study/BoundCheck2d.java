package nusi.study;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import nusi.bounds.BoundPoint;
import nusi.bounds.PropagationBoundCurve;
import nusi.bounds.PropagationModel;
import nusi.grid.EnergyGrid;
import nusi.physics.Channels;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Mediator;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Scenario;
import nusi.transport.ChannelsEnergyOperator;
import nusi.transport.EnergyAngleResult;
import nusi.transport.ExactEnergyPropagator;

/**
 * F at the bound g*(M) of chosen masses, recomputed with the energy-angle solver next to the exact energy-only F on
 * the same energy grid (`scan propagation --solver 2d`), with the model's channels (all channels: the general
 * gain triangle on both sides). Angles do not enter F except through the 1/cos factor
 * (theta^2/2 times the optical depth, below 1e-7), so the difference measures the energy-angle solver's step error
 * and the secant effect. Usable from Java without the CLI.
 */
public final class BoundCheck2d {
    private BoundCheck2d() {
    }

    /**
     * One mass: NaN couplings and F where the curve has no bound there (skipped).
     *
     * @param energyBins the energy grid's bins (both solvers)
     */
    public record Point(double log10Mass, double log10Coupling, double fractionEnergyOnly,
                        double fractionEnergyAngle, double relativeDifference, double errorEstimate,
                        String integrator, double meanAngleAboveThresholdRad, double seconds, int energyBins) {
        public boolean skipped() {
            return Double.isNaN(log10Coupling);
        }
    }

    /**
     * @param requested masses (log10 M/MeV) to check, each taken at the nearest point of the curve; null: the lowest,
     *                  the strongest and the last bounded mass
     * @param plans     the energy-angle run of a scenario (grid, backend, integrator)
     */
    public static List<Point> run(PropagationBoundCurve curve, double[] requested, PropagationModel model,
                                  EnergyGrid energyGrid, Function<Scenario, EnergyAngleRun.Plan> plans) {
        Set<Double> masses = new LinkedHashSet<>();
        if (requested != null) {
            for (double m : requested) {
                masses.add(m);
            }
        } else {
            for (BoundPoint p : new BoundPoint[]{curve.lowestMass(), curve.strongest(), curve.lastBounded()}) {
                if (p != null && p.status() == BoundPoint.Status.BOUNDED) {
                    masses.add(p.log10Mass());
                }
            }
        }
        List<Point> out = new ArrayList<>();
        for (double logM : masses) {
            BoundPoint p = nearest(curve, logM);
            if (p.status() != BoundPoint.Status.BOUNDED) {
                out.add(new Point(logM, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", Double.NaN,
                        0, energyGrid.bins()));
                continue;
            }
            double logG = p.log10Coupling();
            Mediator mediator = Mediator.ofLog10(p.log10Mass(), logG, model.convention());
            ResonantCrossSection xs = new ResonantCrossSection(mediator, model.medium().neutrinoMass());
            Scenario scenario = new Scenario(mediator, model.medium(), model.source(), model.threshold());
            EnergyAngleResult r = EnergyAngleRun.run(plans.apply(scenario).withChannels(model.channels()),
                    nusi.transport.Integrator.Listener.NONE, d -> { }).result();
            double f1 = model.channels() == Channels.S && !mediator.convention().isDirac()
                    ? ExactEnergyPropagator.propagate(energyGrid, xs, model.medium(), model.source(),
                            model.threshold()).fractionAboveThreshold()
                    : energyGrid.countAbove(ChannelsEnergyOperator.activeCounts(energyGrid, mediator,
                            model.channels(), model.medium(), ExactEnergyPropagator.initialCounts(energyGrid,
                                    model.source()), nusi.physics.Parameter.ENERGY_BINS), model.threshold());
            double f2 = r.fractionAboveThreshold();
            out.add(new Point(p.log10Mass(), logG, f1, f2, f2 / f1 - 1, r.errorEstimate(), r.integrator(),
                    r.meanAngleAboveThreshold(), r.seconds(), energyGrid.bins()));
        }
        return out;
    }

    private static BoundPoint nearest(PropagationBoundCurve curve, double logM) {
        BoundPoint best = curve.points().get(0);
        for (BoundPoint p : curve.points()) {
            if (Math.abs(p.log10Mass() - logM) < Math.abs(best.log10Mass() - logM)) {
                best = p;
            }
        }
        return best;
    }
}
