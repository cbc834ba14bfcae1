package nusi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nusi.runs.Reproduction;
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

    /** Where Fig. 3's energy-angle solver runs; auto chooses. */
    enum BackendChoice { AUTO, CPU, OPENCL }

    @Option(names = "--backend", paramLabel = "auto|cpu|opencl", defaultValue = "auto",
            converter = BackendChoiceConverter.class,
            description = "Backend of the energy-angle solver: auto takes OpenCL when a device is present, else the "
                    + "Java reference (default: ${DEFAULT-VALUE}).")
    BackendChoice backend;

    /** Accepts auto / cpu / opencl. */
    static final class BackendChoiceConverter implements picocli.CommandLine.ITypeConverter<BackendChoice> {
        @Override
        public BackendChoice convert(String value) {
            for (BackendChoice b : BackendChoice.values()) {
                if (b.name().equalsIgnoreCase(value)) {
                    return b;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown backend '" + value
                    + "' (accepted: auto, cpu, opencl)");
        }
    }

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        OutputFolder.prepare(out);
        nusi.backends.Backends.Kind chosen = chooseBackend(stdout);
        long t0 = System.nanoTime();
        Path report = Reproduction.run(new Reproduction.Plan(out, quick, chosen), new ProgressReporter(stdout,
                !noProgress));
        nusi.io.Json.write(out.resolve("config.json"), RunRecord.of(spec).put("backendChosen", chosen.label()));
        stdout.printf(Locale.ROOT, "done in %.0f s: %s%n", (System.nanoTime() - t0) * 1e-9,
                report.toAbsolutePath().normalize());
        return 0;
    }

    private nusi.backends.Backends.Kind chooseBackend(PrintWriter stdout) {
        if (backend != BackendChoice.AUTO) {
            stdout.println("backend: " + backend.name().toLowerCase(Locale.ROOT) + " (as asked)");
            return backend == BackendChoice.CPU ? nusi.backends.Backends.Kind.CPU : nusi.backends.Backends.Kind.OPENCL;
        }
        try {
            OpenClDevices.Device d = OpenClDevices.choose(null);
            stdout.println("backend: opencl on " + d.name() + " (" + d.type() + "), since an OpenCL device is present");
            return nusi.backends.Backends.Kind.OPENCL;
        } catch (IllegalArgumentException e) {
            stdout.println("backend: cpu (Java reference), since no OpenCL device is usable: " + e.getMessage());
            return nusi.backends.Backends.Kind.CPU;
        }
    }
}
