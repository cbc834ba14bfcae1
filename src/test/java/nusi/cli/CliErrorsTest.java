package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User mistakes end in exit code 2 and one line on stderr naming the parameter; never a stack trace. */
class CliErrorsTest {
    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "--log-m NaN --log-g -1.75                         | --log-m | must be in [-12.0, 6.0], got NaN",
        "--log-m -3.5 --log-g Infinity                     | --log-g | must be in [-12.0, 2.0], got Infinity",
        "--log-m -3.5 --log-g 3                            | --log-g | must be in [-12.0, 2.0], got 3.0",
        "--log-m abc --log-g -1                            | --log-m | 'abc' is not a double",
        "--log-m -3.5 --log-g -1.75 --bins-per-decade 0    | --bins-per-decade | must be in [1, 10000], got 0",
        "--log-m -3.5 --log-g -1.75 --bins-per-decade -5   | --bins-per-decade | must be in [1, 10000], got -5",
        "--log-m -3.5 --log-g -1.75 --e-min -1             | --e-min | must be finite and > 0, got -1.0",
        "--log-m -3.5 --log-g -1.75 --e-max 2              | --e-max | must bracket the threshold",
        "--log-m -3.5 --log-g -1.75 --neutrino-mass-ev -0.05 | --neutrino-mass-ev | must be finite and > 0, got -0.05",
        "--log-m -3.5 --log-g -1.75 --relic-density NaN    | --relic-density | must be finite and > 0, got NaN",
        "--log-m -3.5 --log-g -1.75 --distance-kpc 0       | --distance-kpc | must be finite and > 0, got 0.0",
        "--log-m -3.5 --log-g -1.75 --threshold -5         | --threshold | must be finite and > 0, got -5.0",
        "--log-m -3.5 --log-g -1.75 --mean-square-energy 100 | --mean-square-energy | must be finite and > <E>^2",
        "--log-m -3.5 --log-g -1.75 --solver 3d            | --solver | unknown solver '3d' (accepted: 1d, 2d)",
        "--log-m -3.5                                      | --log-g | Missing required option",
        "--log-m -3.5 --log-g -1.75 --solver 2d --backend gpu | --backend | must be one of cpu, opencl, tornado; got 'gpu'",
        "--log-m -3.5 --log-g -1.75 --solver 2d --backend tornado --energy-bins 16 --angle-bins 8 | --backend tornado | needs TornadoVM, which runs on JDK 25 with its SDK",
        "--log-m -3.5 --log-g -1.75 --solver 2d --backend opencl --device 99 --energy-bins 16 --angle-bins 8 | --device | must be an index in [0, ",
        "--log-m -3.5 --log-g -1.75 --solver 2d --backend tornado --precision fp32 | --precision fp32 | needs --backend opencl (the tornado backend is float64)",
        "--log-m -3.5 --log-g -1.75 --solver 2d --energy-bins 0 | --energy-bins | must be in [1, 100000], got 0",
        "--log-m -3.5 --log-g -1.75 --solver 2d --angle-bins -1 | --angle-bins | must be in [1, 65536], got -1",
        "--log-m -3.5 --log-g -1.75 --solver 2d --precision fp16 | --precision | must be one of fp64, fp32; got 'fp16'",
        "--log-m -3.5 --log-g -1.75 --solver 2d --integrator trbdf2 --tolerance 0 | --tolerance | must be in [1.0E-12, 0.5], got 0.0",
        "--log-m -3.5 --log-g -1.75 --solver 2d --tolerance 1e-4 | --tolerance | applies to --integrator trbdf2 only",
        "--log-m -3.5 --log-g -1.75 --solver 2d --integrator rk4 | --integrator | unknown integrator 'rk4' (accepted: cram, trbdf2)",
        "--log-m -3.5 --log-g -1.75 --solver 2d --distances-kpc 10,-1 | --distances-kpc | must be in [1.0E-9, 10000.0], got -1.0",
        "--log-m -3.5 --log-g -1.75 --solver 2d --distances-kpc NaN | --distances-kpc | must be in [1.0E-9, 10000.0], got NaN",
        "--log-m -3.5 --log-g -1.75 --solver 2d --theta-max 2 | --theta-max | must be in [1.0E-6, 1.5], got 2.0",
        "--log-m -3.5 --log-g -1.75 --solver 2d --energy-bins 5 --angle-bins 4 | --energy-bins | too few: bin [",
        "--log-m -3.5 --log-g -1.75 --bins-per-decade 2 | --bins-per-decade | too few: bin [",
        "--log-m -3.5 --log-g -1.75 --energy-bins 40 | --energy-bins | applies to --solver 2d only",
        "--log-m -3.5 --log-g -1.75 --backend opencl --integrator trbdf2 | --integrator, --backend | apply to --solver 2d only",
        "--log-m -3.5 --log-g -1.75 --solver 2d --extrapolation-levels 2 | --extrapolation-levels | applies to --solver 1d",
        "--log-m -3.5 --log-g -1.75 --extrapolation-levels 9 | --extrapolation-levels | must be in [1, 5], got 9",
        "--log-m -3.5 --log-g -1.75 --convention nusiprop | --convention | unknown convention 'nusiprop' (accepted: paper, lagrangian)",
        "--log-m -3.5 --log-g -1.75 --convention lagrangian --dirac --relic-masses three | --dirac | with --relic-masses three is not implemented",
        "--log-m -3.5 --log-g -1.75 --convention lagrangian --dirac --moments | --moments | with --convention lagrangian --dirac is not implemented",
        "--log-m -3.5 --log-g -1.75 --convention lagrangian --dirac --solver 2d --delay-grid 24 | --delay-grid | with --convention lagrangian --dirac is not implemented",
        "--log-m -3.5 --log-g -1.75 --convention lagrangian --dirac --solver 2d --mean-delay | --mean-delay | with --convention lagrangian --dirac is not implemented",
        "--log-m -3.5 --log-g -1.75 --relic-masses three --solver 2d --integrator trbdf2 | --relic-masses three with --solver 2d | --integrator cram only",
        "--log-m -3.5 --log-g -1.75 --relic-masses three --solver 2d --deflection 3d | --relic-masses three with --solver 2d | --deflection planar",
        "--log-m -3.5 --log-g -1.75 --bins-per-decade 3000 | --bins-per-decade | times 2^(--extrapolation-levels - 1) must be <= 10000, got 12000",
        "--log-m -3.5 --log-g -1.75 --solver 2d --energy-bins 50000 --angle-bins 256 | --energy-bins | needs about 47.5 GiB",
        "--log-m -3.5 --log-g -1.75 --channels stu | --channels stu | needs --convention lagrangian",
        "--log-m -3.5 --log-g -1.75 --window 5 | --window | applies to --moments or --delay-grid only",
        "--log-m -3.5 --log-g -1.75 --delay-grid 24 | --delay-grid | applies to --solver 2d",
        "--log-m -3.5 --log-g -1.75 --solver 2d --delay-grid 3 | --delay-grid | must be in [4, 4096], got 3",
        "--log-m -3.5 --log-g -1.75 --solver 2d --relic-masses three --delay-grid 24 | --delay-grid | applies to one relic species",
        "--log-m -3.5 --log-g -1.75 --solver 2d --delay-grid 24 --distances-kpc 10 | --delay-grid | applies at D only",
        "--log-m -3.5 --log-g -1.75 --solver 2d --energy-bins 2000 --delay-grid 4096 | --delay-grid 4096 | needs about",
        "--log-m -3.5 --log-g -1.75 --solver 2d --deflection 3d --energy-bins 24 --angle-bins 12 --delay-grid 12 --overwrite --out target/cli-errors/delay-rows | --energy-bins | did not settle in 200 Gauss-Seidel passes",
        "--log-m -3.5 --log-g -1.75 --moments --window 0 | --window (s) | must be in [1.0E-6, 1.0E12], got 0.0",
        "--log-m -3.5 --log-g -1.75 --channels st | --channels | unknown channels 'st' (accepted: s, stu)",
        "--log-m -3.5 --log-g -1.75 --convention lagrangian --channels stu --moments | --moments with --channels stu | is not implemented",
        "--log-m -3.5 --log-g -1.75 --relic-masses three --moments | --moments with --relic-masses three | is not implemented",
        "--log-m -3.5 --log-g -1.75 --solver 2d --deflection 3d --backend opencl | --deflection 3d | runs on --backend cpu only",
        "--log-m -3.5 --log-g -1.75 --deflection 3d | --deflection | applies to --solver 2d",
        "--log-m -3.5 --log-g -1.75 --solver 2d --deflection 2d | --deflection | unknown deflection '2d' (accepted: planar, 3d)",
        "--log-m -3.5 --log-g -1.75 --solver 2d --geometry sphere | --geometry | unknown geometry 'sphere' (accepted: slab, point)",
        "--log-m -3.5 --log-g -1.75 --solver 2d --relic-masses three --mean-delay | --mean-delay | applies to one relic species",
        "--log-m -3.5 --log-g -1.75 --mean-delay | --mean-delay | applies to --solver 2d",
        "--log-m -3.5 --log-g -1.75 --solver 2d --x-steps 8 | --x-steps | applies to --geometry point",
        "--log-m -3.5 --log-g -1.75 --solver 2d --geometry point --x-steps 1 | --x-steps | must be in [2, 100000], got 1",
        "--log-m -3.5 --log-g -1.75 --solver 2d --geometry point --distances-kpc 10 | --distances-kpc | applies to --geometry slab only",
        "--log-m -3.5 --log-g -1.75 --solver 2d --geometry point --integrator trbdf2 | --geometry point | runs with --integrator cram only",
    })
    void badPropagateInputIsOneLineNamingTheParameter(String args, String parameter, String message) {
        Outcome o = run(("propagate " + args.trim()).split("\\s+"));
        assertThat(o.code()).isEqualTo(Main.USER_ERROR);
        String first = o.err().lines().findFirst().orElse("");
        assertThat(first).startsWith("error: ").contains(parameter).contains(message);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(o.err().lines().count()).isLessThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "propagation --log-m-min 1 --log-m-max 0   | --log-m-max must be > --log-m-min = 1.0, got 0.0",
        "propagation --masses 0                    | --masses must be in [1, 100000], got 0",
        "map --couplings -3                        | --couplings must be in [1, 100000], got -3",
        "propagation --log-g-min NaN               | --log-g-min (log10 g) must be in [-12.0, 2.0], got NaN",
        "propagation --log-m-max 9                 | --log-m-max (log10 M/MeV) must be in [-12.0, 6.0], got 9.0",
        "propagation --g-tolerance 0               | --g-tolerance (log10 g) must be in [1.0E-8, 0.5], got 0.0",
        "core --core-profile flat                  | unknown profile 'flat' (accepted: uniform, inverse-square)",
        "everything                                | WHAT",
        "propagation --threads 0                   | --threads must be in [1, 1024], got 0",
        "propagation --bins-per-decade 1 --masses 2 | --bins-per-decade too few: bin [",
        "propagation --check-masses -3             | --check-masses applies to --solver 2d only",
        "propagation --relic-masses three --mass-sum-ev 0.05 | --mass-sum-ev: mass sum (eV) must be > 0.0587 for the normal ordering",
        "propagation --relic-masses three --ordering sideways | --ordering must be normal or inverted, got 'sideways'",
        "propagation --mass-sum-ev 0.2             | --mass-sum-ev applies to --relic-masses three only",
        "propagation --relic-masses three --neutrino-mass-ev 0.1 | --neutrino-mass-ev applies to --relic-masses one only",
        "core --relic-masses three                 | --relic-masses three applies to the propagation scans only",
        "core --convention lagrangian              | --convention lagrangian applies to the propagation scans only",
        "propagation --energy-bins 64 --angle-bins 8 | --energy-bins, --angle-bins apply to --solver 2d only",
        "propagation --window 5                    | --window applies to --criterion timing only",
        "propagation --criterion timing --window 0 | --window (s) must be in [1.0E-6, 1.0E12], got 0.0",
        "propagation --criterion timing --picture curved | unknown picture 'curved' (accepted: 3d-point, planar-point, 3d-slab, planar-slab)",
        "propagation --criterion speed             | unknown criterion 'speed' (accepted: energy, timing)",
        "map --criterion timing                    | --criterion timing applies to scan propagation and scan all only",
        "propagation --criterion timing --relic-masses three | --criterion timing applies to one relic species",
        "propagation --criterion timing --shard 0/2 | --criterion timing does not run in shards yet",
        "core --channels stu                       | --channels stu applies to the propagation scans only",
        "propagation --convention lagrangian --channels stu --criterion timing | --criterion timing with --channels stu is not implemented",
    })
    void badScanInputIsOneLine(String args, String message) {
        Outcome o = run(("scan " + args.trim() + " --no-progress --out " + System.getProperty("java.io.tmpdir")
                + "/nusi-bad-scan").split("\\s+"));
        assertThat(o.code()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err().lines().findFirst().orElse("")).startsWith("error: ").contains(message);
        assertThat(o.err()).doesNotContain("\tat ");
    }

    @Test
    void unreadableConfigIsAUserError(@TempDir Path dir) throws Exception {
        Outcome missing = run("propagate", "--config", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(Main.USER_ERROR);
        assertThat(missing.err()).startsWith("error: --config: cannot read").doesNotContain("Exception");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{ \"options\": ");
        Outcome bad = run("propagate", "--config", broken.toString());
        assertThat(bad.code()).isEqualTo(Main.USER_ERROR);
        assertThat(bad.err()).startsWith("error: --config: ").contains("not valid JSON");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "propagate", "scan", "devices", "reproduce",
        "benchmark-report"})
    void everyHelpExplainsOptionsWithDefaults(String command) {
        Outcome o = command.isEmpty() ? run("--help") : run(command, "--help");
        assertThat(o.code()).isZero();
        assertThat(o.err()).as("no picocli formatting warnings").isEmpty();
        assertThat(o.out()).contains("Usage: nusi");
        if (command.equals("propagate") || command.equals("scan")) {
            assertThat(o.out()).contains("(default: ").contains("MeV").contains("log10");
        }
    }

    @Test
    void unknownCommandIsAUserError() {
        Outcome o = run("frobnicate");
        assertThat(o.code()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).startsWith("error: ").contains("frobnicate");
    }

    @Test
    void configFromAnEarlierRunReproducesIt(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Outcome a = run("propagate", "--log-m", "-2.9", "--log-g", "-2.5", "--bins-per-decade", "20",
                "--out", first.toString());
        assertThat(a.code()).as(a.err()).isZero();
        Path second = dir.resolve("second");
        Outcome b = run("propagate", "--config", first.resolve("config.json").toString(), "--out", second.toString());
        assertThat(b.code()).as(b.err()).isZero();
        double fa = nusi.io.Json.read(first.resolve("result.json")).get("fractionAboveThreshold").asDouble();
        double fb = nusi.io.Json.read(second.resolve("result.json")).get("fractionAboveThreshold").asDouble();
        assertThat(fb).isEqualTo(fa);
        assertThat(nusi.io.Json.read(second.resolve("result.json")).get("grid").get("energyBins").asInt())
                .isEqualTo(nusi.io.Json.read(first.resolve("result.json")).get("grid").get("energyBins").asInt());
    }

    @Test
    void aConfigNeverCarriesTheOutputFolderAndUnknownKeysAreRefused(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Outcome a = run("propagate", "--log-m", "-2.9", "--log-g", "-2.5",
                "--solver", "2d", "--energy-bins", "24", "--angle-bins", "6", "--distances-kpc", "10,20",
                "--out", first.toString());
        assertThat(a.code()).as(a.err()).isZero();
        // The array option round-trips through config.json.
        assertThat(nusi.io.Json.read(first.resolve("config.json")).get("options").get("distances-kpc").toString())
                .isEqualTo("[10.0,20.0]");
        long before = Files.getLastModifiedTime(first.resolve("result.json")).toMillis();
        String resultBefore = Files.readString(first.resolve("result.json"));
        // Rerun from the config: the first run's folder is left alone (the config holds no "out").
        Outcome b = run("propagate", "--config", first.resolve("config.json").toString(), "--out",
                dir.resolve("second").toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readString(first.resolve("result.json"))).isEqualTo(resultBefore);
        assertThat(Files.getLastModifiedTime(first.resolve("result.json")).toMillis()).isEqualTo(before);
        assertThat(Main.configDefaults(new String[]{"propagate", "--config", first.resolve("config.json").toString()}))
                .doesNotContainKey("out").containsEntry("distances-kpc", "10.0,20.0");

        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"log-m\": -3.5, \"log-g\": -1.75, \"bins-per-decad\": 20}");
        Outcome c = run("propagate", "--config", typo.toString());
        assertThat(c.code()).isEqualTo(Main.USER_ERROR);
        assertThat(c.err()).startsWith("error: --config: unknown option 'bins-per-decad' for 'propagate' (its options:")
                .contains("bins-per-decade").doesNotContain("Exception");
    }

    @Test
    void scansOfDifferentKindsInOneFolderKeepEachOthersSummaryAndConfig(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("scan");
        Outcome a = run("scan", "propagation", "--masses", "2", "--log-m-min", "-7", "--log-m-max", "-6",
                "--bins-per-decade", "10", "--extrapolation-levels", "1", "--no-progress", "--out", out.toString());
        assertThat(a.code()).as(a.err()).isZero();
        Outcome b = run("scan", "map", "--masses", "2", "--couplings", "2", "--bins-per-decade", "10",
                "--extrapolation-levels", "1", "--no-progress", "--out", out.toString());
        assertThat(b.code()).as(b.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode summary = nusi.io.Json.read(out.resolve("summary.json"));
        assertThat(summary.has("propagation")).as("the propagation scan's section survives").isTrue();
        assertThat(summary.has("mapSeconds")).isTrue();
        assertThat(out.resolve("config_propagation.json")).exists();
        assertThat(out.resolve("config_map.json")).exists();
        assertThat(nusi.io.Json.read(out.resolve("config_propagation.json")).get("options").get("masses").asInt())
                .isEqualTo(2);
    }

    @Test
    void unusableOutputFoldersAreRefusedBeforeAnyComputation(@TempDir Path dir) throws Exception {
        Outcome empty = run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--out", "");
        assertThat(empty.code()).isEqualTo(Main.USER_ERROR);
        assertThat(empty.err()).startsWith("error: --out must name a folder, got an empty path");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Outcome underFile = run("scan", "propagation", "--no-progress", "--out", file.resolve("sub").toString());
        assertThat(underFile.code()).isEqualTo(Main.USER_ERROR);
        assertThat(underFile.err()).startsWith("error: --out " + file.resolve("sub") + ": cannot write there (")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void theLagrangianConventionOnTheCommandLineMapsToThePapersModel(@TempDir Path dir) throws Exception {
        Outcome l = run("propagate", "--log-m", "-3.5", "--log-g", Double.toString(-1.75 + Math.log10(2)),
                "--convention", "lagrangian", "--out", dir.resolve("l").toString());
        assertThat(l.code()).as(l.err()).isZero();
        Outcome p = run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--relic-density", "226.6",
                "--out", dir.resolve("p").toString());
        assertThat(p.code()).as(p.err()).isZero();
        double fl = nusi.io.Json.read(dir.resolve("l/result.json")).get("fractionAboveThreshold").asDouble();
        double fp = nusi.io.Json.read(dir.resolve("p/result.json")).get("fractionAboveThreshold").asDouble();
        assertThat(Math.abs(fl / fp - 1)).isLessThanOrEqualTo(1e-12);
        assertThat(nusi.io.Json.read(dir.resolve("l/config.json")).get("derived").get("targetDensityPerCm3").asDouble())
                .isEqualTo(56.65);
    }

    @Test
    void finishedResultsOfAnotherRunAreNeverOverwrittenSilently(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("point");
        assertThat(run("propagate", "--log-m", "-3", "--log-g", "-2", "--out", p.toString()).code()).isZero();
        String first = Files.readString(p.resolve("result.json"));
        Outcome again = run("propagate", "--log-m", "-2", "--log-g", "-2", "--out", p.toString());
        assertThat(again.code()).isEqualTo(Main.USER_ERROR);
        assertThat(again.err()).startsWith("error: --out " + p + " already holds the results of another run "
                + "(result.json): choose another --out, or add --overwrite to replace them");
        assertThat(Files.readString(p.resolve("result.json"))).isEqualTo(first);
        assertThat(run("propagate", "--log-m", "-2", "--log-g", "-2", "--overwrite", "--out", p.toString()).code())
                .isZero();
        assertThat(Files.readString(p.resolve("result.json"))).isNotEqualTo(first);

        Path s = dir.resolve("scan");
        String[] scan = {"scan", "propagation", "--masses", "2", "--bins-per-decade", "10", "--extrapolation-levels",
            "1", "--no-progress", "--out", s.toString()};
        assertThat(run(scan).code()).isZero();
        Outcome rescan = run(scan);
        assertThat(rescan.code()).isEqualTo(Main.USER_ERROR);
        assertThat(rescan.err()).startsWith("error: " + s + " already holds a finished scan propagation_bound.csv: "
                + "rerun with --resume to reuse it");
    }

    /** A boolean flag true in a config stays true when the command line gives it again (picocli flips a flag whose
     * default is true, so config flags are passed as flags). */
    @Test
    void aConfigsTrueFlagStaysTrueWhenRepeated(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        assertThat(run("propagate", "--log-m", "-6", "--log-g", "-2", "--dirac", "--out", first.toString()).code())
                .isZero();
        Path second = dir.resolve("second");
        assertThat(run("propagate", "--config", first.resolve("config.json").toString(), "--dirac", "--out",
                second.toString()).code()).isZero();
        Path third = dir.resolve("third");
        assertThat(run("propagate", "--config", first.resolve("config.json").toString(), "--out", third.toString())
                .code()).isZero();
        for (Path p : new Path[]{second, third}) {
            assertThat(nusi.io.Json.read(p.resolve("config.json")).get("options").get("dirac").asBoolean())
                    .as(p.toString()).isTrue();
        }
    }

    @Test
    void benchmarkReportChecksItsInputs(@TempDir Path dir) throws Exception {
        Path notArray = Files.writeString(dir.resolve("a.json"), "{\"x\": 1}");
        Outcome a = run("benchmark-report", notArray.toString());
        assertThat(a.code()).isEqualTo(Main.USER_ERROR);
        assertThat(a.err()).startsWith("error: benchmark-report: " + notArray + " is not a JMH result file");
        assertThat(a.out()).as("nothing printed before the check").isEmpty();
        Path noMetric = Files.writeString(dir.resolve("b.json"), "[{\"benchmark\": \"x\"}]");
        Outcome b = run("benchmark-report", noMetric.toString());
        assertThat(b.err()).startsWith("error: benchmark-report: " + noMetric + " entry 0 is not a JMH result")
                .doesNotContain("Exception");
        Outcome c = run("benchmark-report", dir.resolve("missing.json").toString());
        assertThat(c.code()).isEqualTo(Main.USER_ERROR);
        assertThat(c.err()).startsWith("error: cannot read JSON");
    }

    @Test
    void aScanWithThreeMassStatesRunsAndRecordsThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("three");
        Outcome o = run("scan", "propagation", "--relic-masses", "three", "--mass-sum-ev", "0.1", "--masses", "2",
                "--log-m-min", "-7", "--log-m-max", "-6", "--bins-per-decade", "10", "--extrapolation-levels", "1",
                "--no-progress", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode p = nusi.io.Json.read(out.resolve("propagation_bound.scan.json"));
        assertThat(p.get("model").get("relicMassStates").get("masses").size()).isEqualTo(3);
        // 110 cm^-3 per state (330/3)
        assertThat(p.get("model").get("medium").get("relicDensityPerCm3").asDouble()).isCloseTo(110,
                org.assertj.core.api.Assertions.within(1e-12));
        double g = nusi.io.Json.read(out.resolve("summary.json")).get("propagation").get("lowestMassLog10gBound")
                .asDouble();
        assertThat(g).isBetween(-3.0, 0.0);
    }

    /** propagate with three states: F equals the scan model's F; trivial-mixing limits are tested in MassStatesTest. */
    @Test
    void propagateWithThreeMassStatesWritesTheSpectrumPerState(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("three");
        Outcome o = run("propagate", "--log-m", "-3.5", "--log-g", "-2", "--relic-masses", "three", "--out",
                out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        double f = nusi.io.Json.read(out.resolve("result.json")).get("fractionAboveThreshold").asDouble();
        nusi.bounds.PropagationModel model = new nusi.bounds.PropagationModel(nusi.grid.EnergyResolution.defaults(),
                new nusi.physics.RelicMedium(5e-8, 110, false, 50, true), nusi.physics.PinchedSpectrum.paperDefault(),
                5.0, nusi.physics.Mediator.Convention.PAPER, nusi.physics.MassStates.three(0.1,
                        nusi.physics.MassStates.Ordering.NORMAL, nusi.physics.MassStates.Flavour.E));
        assertThat(f).isEqualTo(model.fractionAboveThreshold(-3.5, -2));
        nusi.io.CsvTable perState = nusi.io.CsvTable.read(out.resolve("spectrum_per_state.csv"));
        nusi.io.CsvTable total = nusi.io.CsvTable.read(out.resolve("spectrum.csv"));
        for (int j = 0; j < perState.size(); j++) {
            double[] r = perState.rows().get(j);
            assertThat(r[2] + r[3] + r[4]).isCloseTo(total.rows().get(j)[4],
                    org.assertj.core.api.Assertions.within(1e-15 * Math.abs(total.rows().get(j)[4]) + 1e-300));
        }
    }

    @org.junit.jupiter.api.Test
    void theMainJobsBackendIsChosenFromItsThreeValues(@org.junit.jupiter.api.io.TempDir Path dir) {
        Outcome o = run("reproduce", "--backend", "gpu", "--quick", "--out", dir.resolve("r").toString());
        assertThat(o.code()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err().lines().findFirst().orElse("")).isEqualTo("error: Invalid value for option '--backend': "
                + "unknown backend 'gpu' (accepted: auto, cpu, opencl)");
        assertThat(dir.resolve("r")).doesNotExist();
    }
}
