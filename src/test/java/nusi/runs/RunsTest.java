package nusi.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import nusi.bounds.CoreModel;
import nusi.bounds.CouplingSearch;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationModel;
import nusi.grid.EnergyResolution;
import nusi.io.Json;
import nusi.io.PropagationResults;
import nusi.io.Scans;
import nusi.physics.ParameterException;
import nusi.physics.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs layer from Java, without the command line: plans in, folders and typed results out. */
class RunsTest {
    @Test
    void aPropagationRecordsItsPlanReturnsWhatItWritesAndKeepsEarlierResults(@TempDir Path dir) throws Exception {
        Propagation.EnergyOnly plan = new Propagation.EnergyOnly(Scenario.paperFig3(),
                new EnergyResolution(1e-6, 300, 20, 2), null);
        StringWriter lines = new StringWriter();
        Reporter report = Reporter.lines(new PrintWriter(lines));
        PropagationResults.EnergyOnly r = Propagation.run(plan, Output.describing(dir, false, "test", plan), report);

        // config.json holds the typed plan: read back, it is the plan that ran (records compare by value)
        JsonNode config = Json.read(dir.resolve("config.json"));
        assertThat(Json.mapper().treeToValue(config.get("plan"), Propagation.EnergyOnly.class)).isEqualTo(plan);
        assertThat(config.get("derived").get("mediatorMassMeV").asDouble()).isEqualTo(Math.pow(10, -3.5));
        // result.json (written last) is the returned result
        JsonNode result = Json.read(dir.resolve("result.json"));
        assertThat(result.get("fractionAboveThreshold").asDouble()).isEqualTo(r.fractionAboveThreshold());
        // F on the plan's resolution: the bound model on the same resolution gives the same extrapolated F
        double f = new PropagationModel(plan.resolution(), plan.scenario().medium(), plan.scenario().source(), 5.0)
                .fractionAboveThreshold(plan.scenario().mediator());
        assertThat(r.fractionAboveThreshold()).isEqualTo(f);
        assertThat(lines.toString()).startsWith(String.format(java.util.Locale.ROOT, "F = %.6e", f))
                .contains("wrote " + dir.toAbsolutePath().normalize());

        // a second run into the folder without overwrite is refused before it writes anything
        long before = java.nio.file.Files.getLastModifiedTime(dir.resolve("result.json")).toMillis();
        assertThatThrownBy(() -> Propagation.run(plan, Output.describing(dir, false, "again", plan), report))
                .isInstanceOf(ParameterException.class)
                .hasMessage("output folder " + dir + " already holds the results of another run (result.json): "
                        + "choose another output folder, or add the overwrite flag to replace them");
        assertThat(Json.read(dir.resolve("config.json")).get("command").asText()).isEqualTo("test");
        assertThat(java.nio.file.Files.getLastModifiedTime(dir.resolve("result.json")).toMillis()).isEqualTo(before);
    }

    @Test
    void aScanPlanTakesExactlyThePartsOfItsKind(@TempDir Path dir) {
        Scans.Execution ex = Scans.Execution.of(dir, 1, false);
        Scan.Core core = new Scan.Core(CoreModel.Profile.UNIFORM, LogRange.masses(-7, 5, 5), LogRange.couplings(-6, 1, 4));
        assertThatThrownBy(() -> new Scan.Plan(Scan.Kind.PROPAGATION, PropagationModel.paperDefault(), null, null, null,
                ex)).hasMessage("scan needs its propagation part");
        assertThatThrownBy(() -> new Scan.Plan(Scan.Kind.PROPAGATION, PropagationModel.paperDefault(),
                new Scan.PropagationBound(CouplingSearch.paperDefault(), LogRange.masses(-7, 0, 2), null, null), null,
                core, ex)).hasMessage("scan does not take its core part");
        assertThatThrownBy(() -> new Scan.Plan(Scan.Kind.MAP, null, null, new Scan.FractionMap(LogRange.masses(-7, 0, 2),
                LogRange.couplings(-4, 1, 2), 0.01, null), null, ex)).hasMessage("a propagation scan needs its model");
    }

    @Test
    void aCoreScanFromJavaWritesTheCoreModelsBound(@TempDir Path dir) {
        Scan.Plan plan = new Scan.Plan(Scan.Kind.CORE, null, null, null, new Scan.Core(CoreModel.Profile.UNIFORM,
                LogRange.masses(-7, 5, 7), LogRange.couplings(-6, 1, 5)), Scans.Execution.of(dir, 1, false));
        Scan.Result r = Scan.run(plan, Output.describing(dir, true, "core", plan),
                Reporter.lines(new PrintWriter(new StringWriter())));
        assertThat(r.core()).hasSize(2);
        JsonNode summary = Json.read(dir.resolve("summary.json")).get("core");
        assertThat(summary.get("log10gMax").asDouble()).isEqualTo(1.0);
        // read back, the recorded plan is the plan (the scan's folder included)
        assertThat(Json.mapper().convertValue(Json.read(dir.resolve("config_core.json")).get("plan"), Scan.Plan.class)
                .core()).isEqualTo(plan.core());
        assertThat(dir.resolve("core_bound.csv")).exists();
        assertThat(dir.resolve("fig2_core_map.png")).exists();
    }

    /** A plan written for one transported species refuses a Dirac mediator instead of running Majorana's cascade. */
    @Test
    void onePlansRefuseDiracNeutrinos() {
        Scenario dirac = Scenario.paperFig3().withMediator(nusi.physics.Mediator.ofLog10(-3.5, -1.6,
                nusi.physics.Mediator.Convention.LAGRANGIAN_DIRAC));
        assertThatThrownBy(() -> new Propagation.EnergyOnly(dirac, EnergyResolution.defaults(), null))
                .hasMessage("Dirac neutrinos are not implemented here (this plan's flat s-channel cascade and its "
                        + "moments; Dirac runs as AllChannels)");
        assertThatThrownBy(() -> new Propagation.ThreeStates(dirac, nusi.physics.MassStates.three(0.1,
                nusi.physics.MassStates.Ordering.NORMAL, nusi.physics.MassStates.Flavour.E), nusi.physics.Channels.S,
                EnergyResolution.defaults())).hasMessageContaining("several mass states, two species each");
    }
}
