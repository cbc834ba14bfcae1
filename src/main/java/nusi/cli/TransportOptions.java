package nusi.cli;

import java.util.function.Consumer;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.physics.ScatteringCrossSection;
import nusi.physics.Validation;
import nusi.transport.Backends;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import picocli.CommandLine.Option;

/** Options of the energy-angle solver (--solver 2d) and of the backend that runs it. */
public final class TransportOptions {
    @Option(names = "--energy-bins", paramLabel = "N", defaultValue = "256",
            description = "2d: energy bins, log-spaced from --e-min to --e-max (default: ${DEFAULT-VALUE}).")
    int energyBins;

    @Option(names = "--angle-bins", paramLabel = "K", defaultValue = "256",
            description = "2d: angle cells: theta = 0, log-spaced nodes up to --theta-max, and an outflow cell (default: ${DEFAULT-VALUE}).")
    int angleBins;

    @Option(names = "--theta-max", paramLabel = "RAD", defaultValue = "0.3",
            description = "2d: largest angle node in rad; beyond it the outflow cell (default: ${DEFAULT-VALUE}, keeps the outflow "
                    + "negligible above 1e-5 MeV).")
    double thetaMax;

    @Option(names = "--tolerance", paramLabel = "REL", defaultValue = "1e-3",
            description = "2d: relative step-error tolerance on F and the whole state, Richardson-estimated (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--backend", paramLabel = "cpu|opencl", defaultValue = "cpu",
            description = "2d: where the Eq. 8 operator runs: cpu (Java float64 reference) or opencl (GPU, or CPU through PoCL) "
                    + "(default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--device", paramLabel = "INDEX|NAME",
            description = "opencl: device by index in 'nusi devices' or by a substring of its name (default: a GPU if any, else the first device).")
    String device;

    @Option(names = "--precision", paramLabel = "fp64|fp32", defaultValue = "fp64",
            description = "opencl: arithmetic precision on the device (default: ${DEFAULT-VALUE}; fp32 is checked against fp64 in the tests).")
    String precision;

    @Option(names = "--threads", paramLabel = "N",
            description = "cpu: worker threads (default: all cores).")
    Integer threads;

    Backends.Choice backendChoice() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new Backends.Choice(Backends.Kind.parse(backend), t, device, Backends.Precision.parse(precision));
    }

    EnergyAngleSolver.Settings settings() {
        return EnergyAngleSolver.Settings.defaults().withTolerance(
                Validation.requireInRange("--tolerance", tolerance, 1e-12, 0.5));
    }

    EnergyGrid energyGrid(double eMin, double eMax) {
        Validation.requireInRange("--energy-bins", energyBins, 1, 100_000);
        return EnergyGrid.logSpaced(eMin, eMax, energyBins);
    }

    /** An energy-angle run: its result and the time spent building the operator. */
    record Run(EnergyAngleResult result, double operatorBuildSeconds) {
    }

    /**
     * Builds the Eq. 8 operator for this mediator on the energy grid and the angle grid these options describe,
     * and propagates the emitted spectrum with the chosen backend (announced through {@code announce}).
     */
    Run solve(Mediator mediator, RelicMedium medium, PinchedSpectrum source, double threshold, EnergyGrid eg,
              EnergyAngleSolver.StepListener listener, Consumer<String> announce) {
        Backends.Choice choice = backendChoice();
        EnergyAngleSolver.Settings settings = settings();
        ResonantCrossSection xs = new ResonantCrossSection(mediator, medium.neutrinoMass());
        AngleGrid ag = angleGrid(eg, xs, medium.neutrinoMass());
        long t0 = System.nanoTime();
        PhaseSpaceOperator op = PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(), medium.columnDensity(),
                medium.secantFactor(), choice.threads());
        double buildSeconds = (System.nanoTime() - t0) * 1e-9;
        try (TransportBackend backend = Backends.create(choice, op)) {
            announce.accept(backend.description());
            return new Run(EnergyAngleSolver.propagate(backend, EnergyAngleSolver.initialState(op, source), threshold,
                    settings, listener), buildSeconds);
        }
    }

    AngleGrid angleGrid(EnergyGrid eg, ScatteringCrossSection xs, double neutrinoMass) {
        Validation.requireInRange("--angle-bins", angleBins, 1, AngleGrid.MAX_CELLS);
        Validation.requireInRange("--theta-max (rad)", thetaMax, 1e-6, 1.5);
        double first = 0.5 * PhaseSpaceOperator.smallestDeflection(eg, xs, neutrinoMass);
        return AngleGrid.logSpaced(angleBins, Math.min(first, thetaMax / 2), thetaMax);
    }
}
