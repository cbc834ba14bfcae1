package nusi.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nusi.bounds.BoundPoint;
import nusi.bounds.PropagationBoundCurve;
import nusi.bounds.PropagationModel;
import nusi.grid.EnergyGrid;
import nusi.io.CsvTable;
import nusi.io.Json;
import nusi.physics.Mediator;
import nusi.physics.ResonantCrossSection;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.ExactEnergyPropagator;

/**
 * {@code scan propagation --solver 2d}: F at the bound g*(M) of chosen masses, recomputed with the full
 * energy-angle solver on its own grid, next to the exact energy-only F on the same energy grid. Angles do not
 * enter F except through the 1/cos factor (theta^2/2 times the optical depth, below 1e-7), so the difference
 * measures the energy-angle solver's step error and the secant effect.
 */
final class TwoDimensionalCheck {
    private TwoDimensionalCheck() {
    }

    static ArrayNode run(PropagationBoundCurve curve, double[] requested, PropagationModel model,
                         TransportOptions transport, Path out, PrintWriter stdout) {
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
        ArrayNode results = Json.mapper().createArrayNode();
        CsvTable table = new CsvTable("log10_M_MeV", "log10_g", "F_1d_same_energy_grid", "F_2d", "relative_difference",
                "error_estimate", "mean_angle_above_threshold_rad", "seconds_2d");
        List<Double> list = new ArrayList<>(masses);
        for (double logM : list) {
            BoundPoint p = nearest(curve, logM);
            double logG = p.status() == BoundPoint.Status.BOUNDED ? p.log10Coupling() : Double.NaN;
            if (Double.isNaN(logG)) {
                stdout.printf(Locale.ROOT, "  2d check at log10 M = %.3f skipped: no bound there%n", logM);
                continue;
            }
            Mediator mediator = Mediator.ofLog10(p.log10Mass(), logG, model.convention());
            ResonantCrossSection xs = new ResonantCrossSection(mediator, model.medium().neutrinoMass());
            EnergyGrid eg = transport.energyGrid(1e-5, model.grid().maxEnergy());
            EnergyAngleResult r = transport.solve(new nusi.physics.Scenario(mediator, model.medium(), model.source(),
                    model.threshold()), eg, EnergyAngleSolver.StepListener.NONE, d -> { }).result();
            double f1 = ExactEnergyPropagator.propagate(eg, xs, model.medium(), model.source(), model.threshold())
                    .fractionAboveThreshold();
            double f2 = r.fractionAboveThreshold();
            double rel = f2 / f1 - 1;
            table.add(p.log10Mass(), logG, f1, f2, rel, r.errorEstimate(), r.meanAngleAboveThreshold(), r.seconds());
            results.add(nusi.io.Json.mapper().valueToTree(new nusi.io.ScanSummaries.Check2d(p.log10Mass(), logG, f1,
                    f2, rel, r.errorEstimate(), r.integrator())));
            stdout.printf(Locale.ROOT, "  2d check at log10 M = %.3f, log10 g* = %.3f: F_2d = %.5e, F_1d = %.5e "
                            + "(same %d-bin energy grid), difference %.2e (%s, error estimate %.1e), %.1f s%n",
                    p.log10Mass(), logG, f2, f1, eg.bins(), rel, r.integrator(), r.errorEstimate(), r.seconds());
        }
        table.write(out.resolve("propagation_2d_check.csv"));
        return results;
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
