package nusi.cli;

import nusi.transport.Precision;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Validation;
import nusi.backends.Backends;
import nusi.transport.EnergyAngleSolver;
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

    /** Integrators of the energy-angle solver. */
    enum IntegratorChoice { CRAM, TRBDF2 }

    static final double DEFAULT_TOLERANCE = 1e-3;
    static final double MAX_DISTANCE_KPC = 1e4;

    @Option(names = "--integrator", paramLabel = "cram|trbdf2", defaultValue = "cram",
            converter = IntegratorConverter.class,
            description = "2d: cram (exact exponential of the r-independent operator by CRAM-48: 24 complex sweeps; "
                    + "default) or trbdf2 (implicit steps with Richardson error control: the cross-check).")
    IntegratorChoice integrator;

    @Option(names = "--tolerance", paramLabel = "REL",
            description = "2d, --integrator trbdf2: relative step-error tolerance on F and the whole state, "
                    + "Richardson-estimated (default: 1e-3).")
    Double tolerance;

    @Option(names = "--distances-kpc", paramLabel = "KPC[,KPC...]", split = ",",
            description = "2d: also write f at these distances from the supernova (kpc, each one more exponential; "
                    + "into distance_<KPC>kpc/ and distances.csv).")
    double[] distancesKpc;

    @Option(names = "--backend", paramLabel = "cpu|opencl|tornado", defaultValue = "cpu",
            description = "2d: where the Eq. 8 operator runs: cpu (Java float64 reference), opencl (JOCL kernels; GPU, "
                    + "or CPU through PoCL) or tornado (TornadoVM task graphs; JDK 25, started by ./run.sh) "
                    + "(default: ${DEFAULT-VALUE}).", converter = KindConverter.class)
    Backends.Kind backend;

    @Option(names = "--device", paramLabel = "INDEX|NAME",
            description = "opencl, tornado: device by index in 'nusi devices' (that backend's list) or by a substring of "
                    + "its name (default: opencl a GPU if any, else the first device; tornado TornadoVM's default).")
    String device;

    @Option(names = "--precision", paramLabel = "fp64|fp32", defaultValue = "fp64",
            description = "opencl: arithmetic precision on the device (default: ${DEFAULT-VALUE}; fp32 is checked against fp64 in the tests).",
            converter = PrecisionConverter.class)
    Precision precision;

    @Option(names = "--threads", paramLabel = "N",
            description = "cpu: worker threads (default: all cores).")
    Integer threads;

    Backends.Choice backendChoice() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new Backends.Choice(backend, t, device, precision);
    }

    EnergyAngleSolver.Settings settings() {
        if (tolerance != null && integrator != IntegratorChoice.TRBDF2) {
            throw new IllegalArgumentException("--tolerance applies to --integrator trbdf2 only (cram is exact "
                    + "to rounding)");
        }
        double t = tolerance != null ? tolerance : DEFAULT_TOLERANCE;
        return EnergyAngleSolver.Settings.defaults().withTolerance(Validation.requireInRange("--tolerance", t,
                1e-12, 0.5));
    }

    /** The step tolerance in force (trbdf2), or NaN (cram). */
    double toleranceInForce() {
        return integrator == IntegratorChoice.TRBDF2 ? settings().tolerance() : Double.NaN;
    }


    /**
     * x = r/D of the requested distances, sorted, with D itself last (1), or just {1}.
     *
     * @param distanceKpc D, the distance the operator is built for
     */
    double[] distanceFractions(double distanceKpc) {
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        if (distancesKpc != null) {
            for (double d : distancesKpc) {
                Validation.requireInRange("--distances-kpc (kpc)", d, 1e-9, MAX_DISTANCE_KPC);
                xs.add(d / distanceKpc);
            }
        }
        xs.add(1.0);
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    EnergyGrid energyGrid(double eMin, double eMax) {
        Validation.requireInRange("--energy-bins", energyBins, 1, 100_000);
        return EnergyGrid.logSpaced(eMin, eMax, energyBins);
    }

    /** The plan these options describe for a scenario on an energy grid, checked (option names in the messages). */
    nusi.study.EnergyAngleRun.Plan plan(nusi.physics.Scenario scenario, EnergyGrid eg, Backends.Choice choice) {
        return recipe(eg, choice, scenario.medium().distanceKpc()).plan(scenario);
    }

    /** The run these options describe for any scenario at distance D (kpc), checked (option names in messages). */
    nusi.study.EnergyAngleRun.Recipe recipe(EnergyGrid eg, Backends.Choice choice, double distanceKpc) {
        EnergyAngleSolver.Settings steps = settings();
        double[] distances = distanceFractions(distanceKpc);
        requireFitsInMemory(eg.bins(), angleBins, Runtime.getRuntime().maxMemory());
        Validation.requireInRange("--angle-bins", angleBins, 1, AngleGrid.MAX_CELLS);
        Validation.requireInRange("--theta-max (rad)", thetaMax, 1e-6, 1.5);
        return new nusi.study.EnergyAngleRun.Recipe(eg, angleBins, thetaMax, choice,
                integrator == IntegratorChoice.CRAM ? nusi.study.EnergyAngleRun.IntegratorKind.CRAM
                        : nusi.study.EnergyAngleRun.IntegratorKind.TRBDF2, steps, distances);
    }

    /**
     * Bytes an energy-angle run needs, estimated up front: the pair tables (gain, shift: 8 bytes each, first local
     * node: 4, per energy-bin pair) and about 10 state-sized vectors (the integrator's real and complex vectors, the
     * backend's work arrays, the results and their copies). Measured at 1024^2: 267 MiB live, estimate 100 MiB +
     * 80 MiB, so the factor 10 leaves room.
     */
    static long bytesNeeded(long energyBins, long angleCells) {
        return 20 * energyBins * energyBins + 10 * 8 * energyBins * angleCells;
    }

    /** Refuses grids that cannot fit in the heap, before hours of work end in an OutOfMemoryError. */
    static void requireFitsInMemory(long energyBins, long angleCells, long maxHeap) {
        long need = bytesNeeded(energyBins, angleCells);
        if (need > 0.8 * maxHeap) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "--energy-bins %d x --angle-bins %d needs about %.1f GiB, more than 80 %% of the %.1f GiB heap "
                            + "(java -Xmx; ./run.sh uses -Xmx3g): use fewer bins", energyBins, angleCells,
                    need / 1073741824.0, maxHeap / 1073741824.0));
        }
    }


    /** Accepts cram / trbdf2. */
    static final class IntegratorConverter implements picocli.CommandLine.ITypeConverter<IntegratorChoice> {
        @Override
        public IntegratorChoice convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "cram" -> IntegratorChoice.CRAM;
                case "trbdf2" -> IntegratorChoice.TRBDF2;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown integrator '" + value + "' (accepted: cram, trbdf2)");
            };
        }
    }

    /** Accepts cpu / opencl / tornado (picocli converts; the message names the accepted values). */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<Backends.Kind> {
        @Override
        public Backends.Kind convert(String value) {
            try {
                return Backends.Kind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(OptionNames.message(e));
            }
        }
    }

    /** Accepts fp64 / fp32. */
    static final class PrecisionConverter implements picocli.CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            try {
                return Precision.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(OptionNames.message(e));
            }
        }
    }
}
