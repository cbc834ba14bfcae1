package nusi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nusi.io.ReportWriter;
import nusi.transport.opencl.OpenClDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The main job: the paper's Figs. 1-3 and a report comparing the numbers with the paper's. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compute the paper's results (main job of ./run.sh): Fig. 3 (spectrum and energy-angle map at "
                + "log10 M = -3.5, log10 g = -1.75), Fig. 1 (propagation and core bounds, the F map), Fig. 2 (core N map),",
            "into OUT/fig1, OUT/fig2, OUT/fig3 (each with PNG, CSV and config.json) and OUT/report.md. "
                + "Earlier contents of these folders are replaced. Full: ~2 min on 2 cores (most of it the timing and all-channel bounds); --quick: under a minute."})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Coarse grids, for a smoke run (under a minute).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--backend", paramLabel = "auto|cpu|opencl", defaultValue = "auto",
            description = "Backend of the energy-angle solver: auto takes OpenCL when a device is present, else the "
                    + "Java reference (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String chosen = chooseBackend(stdout);
        long t0 = System.nanoTime();
        for (String d : new String[]{"fig1", "fig2", "fig3"}) {
            deleteRecursively(out.resolve(d));
        }
        List<String> common = noProgress ? List.of("--no-progress") : List.of();
        stage(stdout, 1, "Fig. 3: spectrum and energy-angle distribution at the paper's point (energy-angle solver)");
        run(stderr, args(List.of("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d", "--moments",
                "--overwrite",
                "--backend", chosen, "--out", out.resolve("fig3").toString()),
                quick ? List.of("--energy-bins", "48", "--angle-bins", "24")
                        : List.of("--energy-bins", "256", "--angle-bins", "256")));
        stage(stdout, 2, "Fig. 1: propagation bound (energy-only exact solver) and the delay-aware timing bound, F map, core bound");
        run(stderr, args(List.of("scan", "all", "--criterion", "timing", "--out", out.resolve("fig1").toString()), common,
                quick ? List.of("--masses", "12", "--couplings", "10", "--bins-per-decade", "40") : List.of()));
        // The paper's ordering (propagation weaker than core) is met with one relic species as targets: a check.
        run(stderr, args(List.of("scan", "propagation", "--relic-density", "56", "--log-m-max", "-3",
                "--masses", "3", "--out", out.resolve("fig1").resolve("relic56").toString()), common,
                quick ? List.of("--bins-per-decade", "40") : List.of()));
        // Beyond the paper: the same bound with three relic mass states (normal ordering, 0.1 eV, coupled to nu_e).
        run(stderr, args(List.of("scan", "propagation", "--relic-masses", "three", "--out",
                out.resolve("fig1").resolve("three_states").toString()), common,
                quick ? List.of("--masses", "12", "--bins-per-decade", "40") : List.of()));
        // Beyond the paper: nuSIprop's convention, its s-channel alone and with the t- and u-channels.
        run(stderr, args(List.of("scan", "propagation", "--convention", "lagrangian", "--out",
                out.resolve("fig1").resolve("lagrangian_s").toString()), common,
                quick ? List.of("--masses", "12", "--bins-per-decade", "40") : List.of()));
        run(stderr, args(List.of("scan", "propagation", "--convention", "lagrangian", "--channels", "stu", "--out",
                out.resolve("fig1").resolve("lagrangian_stu").toString()), common,
                quick ? List.of("--masses", "12", "--bins-per-decade", "40") : List.of()));
        java.util.Map<String, java.nio.file.Path> models = new java.util.LinkedHashMap<>();
        models.put("paper's model: one species, 330 cm^-3", out.resolve("fig1").resolve("propagation_bound.csv"));
        models.put("three mass states (normal, sum 0.1 eV, nu_e), 110 cm^-3 each",
                out.resolve("fig1").resolve("three_states").resolve("propagation_bound.csv"));
        String sOnly = "nuSIprop's s-channel: 56.65 cm^-3 per helicity (g_lagrangian / 2)";
        String stu = "s-, t- and u-channels, 56.65 cm^-3 per helicity (g_lagrangian / 2)";
        models.put(sOnly, out.resolve("fig1").resolve("lagrangian_s").resolve("propagation_bound.csv"));
        models.put(stu, out.resolve("fig1").resolve("lagrangian_stu").resolve("propagation_bound.csv"));
        nusi.io.BoundOutput.writeModelComparison(out.resolve("fig1"), models, java.util.Map.of(sOnly, -Math.log10(2),
                stu, -Math.log10(2)));
        stage(stdout, 3, "Fig. 2: core 2nu -> 4nu map, default and conservative cases");
        run(stderr, args(List.of("scan", "core", "--out", out.resolve("fig2").toString()), common,
                quick ? List.of("--masses", "25", "--couplings", "15") : List.of()));
        String header = String.format(Locale.ROOT, "Run: %s mode, energy-angle backend %s, %d s on %d cores "
                        + "(Java %s). Configuration of each stage: `config.json` in its folder.",
                quick ? "quick (coarse grids: a smoke run, not the paper's resolution)" : "full", chosen,
                Math.round((System.nanoTime() - t0) * 1e-9), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        nusi.io.Json.write(out.resolve("config.json"), RunRecord.of(spec).put("backendChosen", chosen));
        ReportWriter.write(out, header);
        stdout.printf(Locale.ROOT, "done in %.0f s: %s%n", (System.nanoTime() - t0) * 1e-9,
                out.resolve("report.md").toAbsolutePath().normalize());
        return 0;
    }

    private String chooseBackend(PrintWriter stdout) {
        String b = backend.toLowerCase(Locale.ROOT);
        if (!b.equals("auto")) {
            if (!b.equals("cpu") && !b.equals("opencl")) {
                throw new IllegalArgumentException("--backend must be one of auto, cpu, opencl; got '" + backend + "'");
            }
            stdout.println("backend: " + b + " (as asked)");
            return b;
        }
        try {
            OpenClDevices.Device d = OpenClDevices.choose(null);
            stdout.println("backend: opencl on " + d.name() + " (" + d.type() + "), since an OpenCL device is present");
            return "opencl";
        } catch (IllegalArgumentException e) {
            stdout.println("backend: cpu (Java reference), since no OpenCL device is usable: " + e.getMessage());
            return "cpu";
        }
    }

    @SafeVarargs
    private static String[] args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all.toArray(new String[0]);
    }

    private void stage(PrintWriter stdout, int k, String what) {
        stdout.printf(Locale.ROOT, "[%d/3] %s%n", k, what);
        stdout.flush();
    }

    private void run(PrintWriter stderr, String[] args) {
        int code = Main.run(args, spec.commandLine().getOut(), stderr);
        if (code != 0) {
            throw new UserError("stage '" + String.join(" ", args) + "' failed (exit " + code + "); see above");
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }
}
