package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import nusi.io.CsvTable;
import nusi.io.Json;
import nusi.io.ReportWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick main job end to end: every promised file, readable, with units in the CSV headers. */
class MainJobTest {
    @TempDir
    static Path dir;
    static Path results;
    static CliErrorsTest.Outcome outcome;

    @BeforeAll
    static void runQuickMainJob() {
        results = dir.resolve("results");
        // As ./run.sh --quick does: options only, so the main job runs.
        outcome = CliErrorsTest.run("--quick", "--no-progress", "--out", results.toString());
    }

    @Test
    void producesEveryFigureCsvAndConfig() throws Exception {
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("backend: ").contains("[1/3]").contains("[3/3]");
        List<String> expected = List.of("report.md", "config.json",
                "fig1/fig1_bounds.png", "fig1/fig1_bounds.svg", "fig1/fraction_map.png", "fig1/propagation_bound.csv",
                "fig1/fraction_map.csv", "fig1/core_bound.csv", "fig1/summary.json", "fig1/config.json",
                "fig1/fig1_models.png", "fig1/fullest/propagation_bound.csv", "fig1/fullest/summary.json",
                "fig1/dirac_stu/propagation_bound.csv",
                "fig2/fig2_core_map.png", "fig2/core_map.csv", "fig2/config.json",
                "fig3/spectrum.png", "fig3/fig3_right_energy_angle.png", "fig3/spectrum.csv", "fig3/spectrum2d.csv",
                "fig3/result.json", "fig3/config.json", "fig3/3d_point/rms_angle_per_bin.csv",
                "fig3/3d_point/fig3_right_energy_angle.png", "fig3/3d_point/result.json",
                "fig3/3d_point/mean_delay_per_bin.csv", "fig3/3d_point/delay_distribution.csv",
                "fig3/3d_point/arrival_delay_per_bin.csv", "fig3/3d_point/delay_energy.png");
        for (String f : expected) {
            Path p = results.resolve(f);
            assertThat(p).as(f).exists();
            assertThat(Files.size(p)).as(f).isPositive();
            if (f.endsWith(".png")) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertThat(img).as(f + " decodes").isNotNull();
                assertThat(img.getWidth() * img.getHeight()).isGreaterThan(100_000);
            }
        }
        assertThat(results.resolve("fig1/propagation_bound.partial.csv")).doesNotExist();
        // the most physical picture on the grid: 3D deflections, a point source
        com.fasterxml.jackson.databind.JsonNode physical = Json.read(results.resolve("fig3/3d_point/result.json"));
        assertThat(physical.get("deflection").asText()).isEqualTo("3d");
        assertThat(physical.get("geometry").asText()).isEqualTo("point");
        // its delay distribution sums to the run's F (measured -3.1e-14 relative: CRAM-16 steps against CRAM-48)
        double fPhysical = physical.get("fractionAboveThreshold").asDouble();
        assertThat(physical.get("delayDistribution").get("fractionAboveThreshold").asDouble())
                .isCloseTo(fPhysical, org.assertj.core.data.Offset.offset(1e-12 * fPhysical));
        assertThat(Files.readString(results.resolve("report.md"))).contains("3D point source (rad): energy-angle grid")
                .contains("3D point source (s): energy-angle grid")
                .contains("s of the unscattered front at the Fig. 3 point, 3D point source, delay grid");
    }

    @Test
    void csvColumnsAreNamedWithUnits() {
        assertThat(CsvTable.read(results.resolve("fig3/spectrum.csv")).columns()).containsExactly("E_low_MeV",
                "E_high_MeV", "E_mean_MeV", "N_emitted_per_emitted_nu", "N_at_Earth_per_emitted_nu",
                "dNdE_emitted_per_MeV", "dNdE_at_Earth_per_MeV");
        assertThat(CsvTable.read(results.resolve("fig1/fraction_map.csv")).columns())
                .containsExactly("index", "log10_M_MeV", "log10_g", "F_above_threshold");
        assertThat(CsvTable.read(results.resolve("fig2/core_map.csv")).columns())
                .containsExactly("log10_M_MeV", "log10_g", "log10_N_2nu_to_4nu_Rmin15km_E30MeV_uniform",
                        "log10_N_2nu_to_4nu_Rmin30km_E15MeV_uniform");
        assertThat(CsvTable.read(results.resolve("fig3/spectrum2d.csv")).columns()).contains("E_low_MeV",
                "theta_low_rad", "percent_of_emitted");
    }

    @Test
    void reportNumbersAreReadFromTheResults() throws Exception {
        String report = Files.readString(results.resolve("report.md"));
        double flat = Json.read(results.resolve("fig1/summary.json")).get("propagation").get("lowestMassLog10gBound")
                .asDouble();
        assertThat(report).contains(String.format(java.util.Locale.ROOT, "| %.3f |", flat));
        // Perturb an input of the report (a copy of the results) and see the report follow it.
        Path copy = dir.resolve("perturbed");
        for (String d : new String[]{"fig1", "fig3"}) {
            Files.createDirectories(copy.resolve(d));
        }
        ObjectNode summary = (ObjectNode) Json.read(results.resolve("fig1/summary.json"));
        ((ObjectNode) summary.get("propagation")).put("lowestMassLog10gBound", -3.1234);
        Json.write(copy.resolve("fig1/summary.json"), summary);
        ObjectNode fig3 = (ObjectNode) Json.read(results.resolve("fig3/result.json"));
        fig3.put("fractionAboveThreshold", 0.4321);
        ((ObjectNode) fig3.get("momentsAboveThreshold")).put("delaySpread3dSlab", 1234.5);
        ((ObjectNode) fig3.get("momentsAboveThreshold")).put("delaySpreadPlanarSlab", 5678.9);
        ((ObjectNode) fig3.get("momentsAboveThreshold")).put("delaySpread3dPoint", 321.5);
        ((ObjectNode) fig3.get("momentsAboveThreshold")).put("delaySpreadPlanarPoint", 4321.0);
        Json.write(copy.resolve("fig3/result.json"), fig3);
        ReportWriter.write(copy, "perturbed");
        String changed = Files.readString(copy.resolve("report.md"));
        assertThat(changed).contains("| -3.123 |").contains("43.2 %").contains("| 1.23e+03 / 5.68e+03 / 322 / 4.32e+03 |").doesNotContain(String.format(
                java.util.Locale.ROOT, "| %.3f |", flat));
    }

    @Test
    void eachStageRecordsItsTypedPlanWhichReproducesItsNumbers() throws Exception {
        // Fig. 1: the plan read back from config.json; its search at the lowest mass gives the summary's bound.
        nusi.runs.Scan.Plan fig1 = Json.mapper().treeToValue(Json.read(results.resolve("fig1/config.json")).get("plan"),
                nusi.runs.Scan.Plan.class);
        assertThat(fig1.kind()).isEqualTo(nusi.runs.Scan.Kind.ALL);
        assertThat(fig1.propagation().timing().windowSeconds()).isEqualTo(10);
        double m0 = fig1.propagation().masses().at(0);
        double g = fig1.propagation().search().search(m0, lg -> fig1.model().fractionAboveThreshold(m0, lg))
                .log10Coupling();
        assertThat(g).isEqualTo(Json.read(results.resolve("fig1/summary.json")).get("propagation")
                .get("lowestMassLog10gBound").asDouble());
        // Fig. 3: the energy-angle plan at the paper's point, its grid read back from its edges.
        nusi.runs.Propagation.EnergyAngle fig3 = Json.mapper().treeToValue(
                Json.read(results.resolve("fig3/config.json")).get("plan"), nusi.runs.Propagation.EnergyAngle.class);
        assertThat(fig3.run().scenario()).isEqualTo(nusi.physics.Scenario.paperFig3());
        assertThat(fig3.run().energyGrid().bins()).isEqualTo(Json.read(results.resolve("fig3/result.json"))
                .get("grid").get("energyBins").asInt());
        assertThat(fig3.moments().windowSeconds()).isEqualTo(10);
    }

    @Test
    void aStagesPlanIsNotTakenForOptions() {
        CliErrorsTest.Outcome o = CliErrorsTest.run("scan", "propagation", "--config",
                results.resolve("fig1/config.json").toString(), "--out", dir.resolve("rerun").toString());
        assertThat(o.code()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).startsWith("error: --config: " + results.resolve("fig1/config.json")
                + " records a typed plan (a stage of the main job), not command-line options");
        assertThat(o.err().lines().count()).isEqualTo(1);
        assertThat(dir.resolve("rerun")).doesNotExist();
    }
}
