package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** scan --shard K/N and scan merge: the merged files equal one run's, byte for byte; bad shards are refused. */
class ShardedScanTest {
    static final String[] SMALL = {"--masses", "5", "--log-m-min", "-7", "--log-m-max", "-2", "--bins-per-decade",
        "10", "--extrapolation-levels", "1", "--no-progress"};

    static CliErrorsTest.Outcome scan(String what, Path out, String... more) {
        String[] args = new String[2 + SMALL.length + more.length + 2];
        args[0] = "scan";
        args[1] = what;
        System.arraycopy(SMALL, 0, args, 2, SMALL.length);
        System.arraycopy(more, 0, args, 2 + SMALL.length, more.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        return CliErrorsTest.run(args);
    }

    @Test
    void threeShardsMergedEqualOneRun(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        assertThat(scan("propagation", whole).code()).isZero();
        Path sharded = dir.resolve("sharded");
        for (int k = 0; k < 3; k++) {
            CliErrorsTest.Outcome o = scan("propagation", sharded, "--shard", k + "/3");
            assertThat(o.code()).as(o.err()).isZero();
            assertThat(o.out()).contains("shard " + k + "/3 of propagation_bound finished");
        }
        assertThat(sharded.resolve("propagation_bound.csv")).doesNotExist();
        CliErrorsTest.Outcome m = CliErrorsTest.run("scan", "merge", "--out", sharded.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 3 shards of propagation_bound");
        assertThat(Files.readString(sharded.resolve("propagation_bound.csv")))
                .isEqualTo(Files.readString(whole.resolve("propagation_bound.csv")));
        assertThat(nusi.io.Json.read(sharded.resolve("summary.json")).get("propagation").get("lowestMassLog10gBound")
                .asDouble()).isEqualTo(nusi.io.Json.read(whole.resolve("summary.json")).get("propagation")
                .get("lowestMassLog10gBound").asDouble());
    }

    @Test
    void aMissingOrMismatchedShardIsRefusedInOneLine(@TempDir Path dir) {
        Path out = dir.resolve("s");
        assertThat(scan("propagation", out, "--shard", "0/2").code()).isZero();
        CliErrorsTest.Outcome missing = CliErrorsTest.run("scan", "merge", "--out", out.toString());
        assertThat(missing.code()).isEqualTo(Main.USER_ERROR);
        assertThat(missing.err()).startsWith("error: scan merge: shard 1 of 2 of propagation_bound is missing or "
                + "unfinished").contains("--shard 1/2").hasLineCount(1);
        assertThat(scan("propagation", out, "--shard", "1/2", "--fraction", "0.02").code()).isZero();
        CliErrorsTest.Outcome mismatched = CliErrorsTest.run("scan", "merge", "--out", out.toString());
        assertThat(mismatched.code()).isEqualTo(Main.USER_ERROR);
        assertThat(mismatched.err()).startsWith("error: scan merge: shard 1 of propagation_bound was made with other "
                + "parameters than shard 0: search.fraction: was 0.01, now 0.02").hasLineCount(1);
        CliErrorsTest.Outcome none = CliErrorsTest.run("scan", "merge", "--out", dir.resolve("empty").toString());
        assertThat(none.err()).startsWith("error: scan merge: no shards");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0/0  | --shard must be K/N with 0 <= K < N <= 100000, got '0/0'",
        "2/2  | --shard must be K/N with 0 <= K < N <= 100000, got '2/2'",
        "a/b  | --shard must be K/N with 0 <= K < N (e.g. 0/4), got 'a/b'",
    })
    void badShardsAreOneLine(String shard, String message, @TempDir Path dir) {
        CliErrorsTest.Outcome o = scan("propagation", dir, "--shard", shard);
        assertThat(o.code()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).startsWith("error: " + message);
        CliErrorsTest.Outcome core = CliErrorsTest.run("scan", "core", "--shard", "0/2", "--out", dir.toString());
        assertThat(core.err()).startsWith("error: --shard applies to scan map and to scan propagation with --solver 1d only");
    }

    @Test
    void submitDryRunPrintsTheArrayAndMergeScriptsAndBadSubmissionsAreOneLine(@TempDir Path dir) {
        CliErrorsTest.Outcome o = CliErrorsTest.run("scan", "submit", "--slurm", "--kind", "map", "--shards", "4",
                "--parallel", "2", "--masses", "3", "--couplings", "3", "--sbatch-option=--partition=debug",
                "--dry-run", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("#SBATCH --job-name=nusi-map").contains("'scan' 'map' '--masses' '3'")
                .contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\" --resume")
                .contains("# would run: sbatch --parsable --array=0-3%2 --partition=debug")
                .contains("--dependency=afterok:<array job id> --kill-on-invalid-dep=yes --partition=debug")
                .contains("scan merge --out");
        assertThat(o.out()).doesNotContain("'--dry-run'").doesNotContain("'--shards'");
        CliErrorsTest.Outcome noSlurm = CliErrorsTest.run("scan", "submit", "--kind", "map", "--shards", "2", "--out",
                dir.toString());
        assertThat(noSlurm.err()).startsWith("error: scan submit needs --slurm");
        CliErrorsTest.Outcome noKind = CliErrorsTest.run("scan", "submit", "--slurm", "--shards", "2", "--out",
                dir.toString());
        assertThat(noKind.err()).startsWith("error: --kind must be propagation or map for scan submit, got nothing");
        CliErrorsTest.Outcome notSubmit = CliErrorsTest.run("scan", "propagation", "--shards", "2", "--out",
                dir.toString());
        assertThat(notSubmit.err()).startsWith("error: --shards applies to scan submit only");
    }

    /** scan map --solver 2d: F and the mean angle from the energy-angle solver (CRAM), sharded and merged. */
    @Test
    void theEnergyAngleMapAgreesWithTheEnergyOnlyFAndShardsMergeToIt(@TempDir Path dir) throws Exception {
        String[] map = {"scan", "map", "--solver", "2d", "--masses", "2", "--log-m-min", "-6", "--log-m-max", "-3",
            "--couplings", "2", "--log-g-min", "-2.5", "--log-g-max", "-2.0", "--energy-bins", "24", "--angle-bins",
            "6", "--bins-per-decade", "10", "--extrapolation-levels", "1", "--no-progress", "--out"};
        Path whole = dir.resolve("whole");
        CliErrorsTest.Outcome o = CliErrorsTest.run(concat(map, whole.toString()));
        assertThat(o.code()).as(o.err()).isZero();
        nusi.io.CsvTable t = nusi.io.CsvTable.read(whole.resolve("fraction_map_2d.csv"));
        assertThat(t.columns()).containsExactly("index", "log10_M_MeV", "log10_g", "F_above_threshold",
                "mean_angle_above_threshold_rad");
        assertThat(whole.resolve("fraction_map_2d.png")).exists();
        nusi.physics.RelicMedium medium = nusi.physics.RelicMedium.paperDefault();
        // the energy-angle grid spans 1e-5 MeV to the top edge of the scan's energy grid
        double top = nusi.grid.EnergyGrid.anchored(1e-6, 300, 10, 5).maxEnergy();
        nusi.grid.EnergyGrid eg = nusi.grid.EnergyGrid.logSpaced(1e-5, top, 24);
        for (double[] row : t.rows()) {
            nusi.physics.ResonantCrossSection xs = new nusi.physics.ResonantCrossSection(
                    nusi.physics.Mediator.ofLog10(row[1], row[2]), medium.neutrinoMass());
            double f1 = nusi.transport.ExactEnergyPropagator.propagate(eg, xs, medium,
                    nusi.physics.PinchedSpectrum.paperDefault(), 5).fractionAboveThreshold();
            // only the 1/cos factor separates them: theta^2/2 times the optical depth, which grows with g (1.5e-5
            // measured at log10 g = -1.5); stated 1e-5 up to log10 g = -2, near the bound
            assertThat(Math.abs(row[3] / f1 - 1)).as("F at %s, %s", row[1], row[2]).isLessThan(1e-5);
            assertThat(row[4]).isPositive();
        }
        Path sharded = dir.resolve("sharded");
        for (int k = 0; k < 2; k++) {
            CliErrorsTest.Outcome s = CliErrorsTest.run(concat(concat(map, sharded.toString()), "--shard", k + "/2"));
            assertThat(s.code()).as(s.err()).isZero();
        }
        CliErrorsTest.Outcome m = CliErrorsTest.run("scan", "merge", "--out", sharded.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(Files.readString(sharded.resolve("fraction_map_2d.csv")))
                .isEqualTo(Files.readString(whole.resolve("fraction_map_2d.csv")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
