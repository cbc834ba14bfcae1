package nusi.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import nusi.bounds.PropagationBoundCurve;
import nusi.bounds.PropagationModel;
import nusi.grid.EnergyGrid;
import nusi.io.CsvTable;
import nusi.io.Json;
import nusi.study.BoundCheck2d;

/** {@code scan propagation --solver 2d}: the options into {@link BoundCheck2d}, its points onto stdout and a table. */
final class TwoDimensionalCheck {
    private TwoDimensionalCheck() {
    }

    static ArrayNode run(PropagationBoundCurve curve, double[] requested, PropagationModel model,
                         TransportOptions transport, Path out, PrintWriter stdout) {
        EnergyGrid eg = transport.energyGrid(1e-5, model.grid().maxEnergy());
        ArrayNode results = Json.mapper().createArrayNode();
        CsvTable table = new CsvTable("log10_M_MeV", "log10_g", "F_1d_same_energy_grid", "F_2d", "relative_difference",
                "error_estimate", "mean_angle_above_threshold_rad", "seconds_2d");
        for (BoundCheck2d.Point p : BoundCheck2d.run(curve, requested, model, eg,
                scenario -> transport.plan(scenario, eg, transport.backendChoice()))) {
            if (p.skipped()) {
                stdout.printf(Locale.ROOT, "  2d check at log10 M = %.3f skipped: no bound there%n", p.log10Mass());
                continue;
            }
            table.add(p.log10Mass(), p.log10Coupling(), p.fractionEnergyOnly(), p.fractionEnergyAngle(),
                    p.relativeDifference(), p.errorEstimate(), p.meanAngleAboveThresholdRad(), p.seconds());
            results.add(Json.mapper().valueToTree(new nusi.io.ScanSummaries.Check2d(p.log10Mass(), p.log10Coupling(),
                    p.fractionEnergyOnly(), p.fractionEnergyAngle(), p.relativeDifference(), p.errorEstimate(),
                    p.integrator())));
            stdout.printf(Locale.ROOT, "  2d check at log10 M = %.3f, log10 g* = %.3f: F_2d = %.5e, F_1d = %.5e "
                            + "(same %d-bin energy grid), difference %.2e (%s, error estimate %.1e), %.1f s%n",
                    p.log10Mass(), p.log10Coupling(), p.fractionEnergyAngle(), p.fractionEnergyOnly(), p.energyBins(),
                    p.relativeDifference(), p.integrator(), p.errorEstimate(), p.seconds());
        }
        table.write(out.resolve("propagation_2d_check.csv"));
        return results;
    }
}
