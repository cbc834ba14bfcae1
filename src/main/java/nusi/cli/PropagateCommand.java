package nusi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.Validation;
import nusi.runs.Output;
import nusi.runs.Propagation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One (M, g) point: the spectrum at Earth and F, the fraction of emitted neutrinos above threshold. */
@Command(name = "propagate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Propagate the supernova burst to Earth for one mediator mass M and coupling g (Eq. 8).",
            "Writes spectrum.csv, spectrum.png/.svg (Fig. 3 left), config.json and result.json into --out, and prints F."})
public final class PropagateCommand implements Callable<Integer> {

    /** Which solver of Eq. 8. */
    public enum Solver { ONE_D, TWO_D;
        @Override
        public String toString() {
            return this == ONE_D ? "1d" : "2d";
        }
    }

    /** Accepted ranges of the mediator parameters: wide, but where the model and doubles make sense. */
    static final double MIN_LOG10_MASS = -12;
    static final double MAX_LOG10_MASS = 6;
    static final double MIN_LOG10_COUPLING = -12;
    static final double MAX_LOG10_COUPLING = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--log-m", required = true, paramLabel = "LOG10_MEV",
            description = "log10 of the mediator mass M in MeV (Fig. 3: -3.5).")
    double logM;

    @Option(names = "--log-g", required = true, paramLabel = "LOG10_G",
            description = "log10 of the coupling g (Fig. 3: -1.75).")
    double logG;

    @Option(names = "--solver", paramLabel = "1d|2d", defaultValue = "1d", converter = SolverConverter.class,
            description = "1d: energy-only, exact in r (default). 2d: energy and angle f(E, theta).")
    Solver solver;

    @Option(names = "--deflection", paramLabel = "planar|3d", defaultValue = "planar",
            converter = DeflectionConverter.class,
            description = "2d: how deflections add: planar (the paper, theta_f = theta_i + theta~) or 3d (a random "
                    + "azimuth per scattering, the angle can also shrink; cpu backend; rms_angle_per_bin.csv against "
                    + "the exact 3D moment) (default: ${DEFAULT-VALUE}).")
    nusi.physics.Deflection deflection;

    @Option(names = "--geometry", paramLabel = "slab|point", defaultValue = "slab", converter = GeometryConverter.class,
            description = "2d: the angle coordinate: slab (the paper, theta to a fixed axis) or point (a point source: "
                    + "the arrival angle beta = b/D, moved by x theta~ by a deflection at x = r/D; 1/cos off, steps in x "
                    + "with CRAM) (default: ${DEFAULT-VALUE}).")
    nusi.physics.Geometry geometry;

    @Option(names = "--x-steps", paramLabel = "N",
            description = "--geometry point: equal steps in x between the graded ends (default: 32; the mean arrival "
                    + "angles within 2e-3 of the exact moments at the Fig. 3 point, 7e-4 with 64).")
    Integer xSteps;

    @Option(names = "--mean-delay",
            description = "2d: also the mean arrival delay per energy bin from the grid (a second propagation "
                    + "with the delay-weighted state): mean_delay_per_bin.csv against the exact moment (equal with "
                    + "--deflection 3d; planar: off by the angle grid).")
    boolean meanDelay;

    @Option(names = "--format", paramLabel = "csv|hdf5", defaultValue = "csv",
            description = "2d: the energy-angle state as spectrum2d.csv or as state.h5 (HDF5: grids, counts, mean "
                    + "angles, the run's configuration; 8 bytes a cell, for large grids and h5py) (default: "
                    + "${DEFAULT-VALUE}).")
    Propagation.Format format;

    @Option(names = "--overwrite",
            description = "Replace the results of an earlier run in --out (without it, a folder holding a result.json "
                    + "is refused).")
    boolean overwrite;

    @Option(names = "--moments",
            description = "Also the exact angle and delay moments per energy bin in four pictures (planar/3D x "
                    + "slab/point source), from chains of the energy-only operator: moments.csv and "
                    + "momentsAboveThreshold in result.json (1d: on the --bins-per-decade grid; 2d: on its energy grid).")
    boolean moments;

    @Option(names = "--delay-grid", paramLabel = "NODES",
            description = "2d: also the arrival-delay distribution on NODES delay nodes (0, then log-spaced with the "
                    + "window on a node, 4 decades below it, up to T theta_max^2/2), stepped in x with CRAM-16 on the "
                    + "host: delay_distribution.csv, arrival_delay_per_bin.csv, delay_energy.csv/png/svg and the "
                    + "fraction within --window in result.json (64 nodes at 128 x 64 cells: 44 s planar, 105 s 3D on "
                    + "2 cores).")
    Integer delayNodes;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --moments: the arrival window after the unscattered front whose bracket result.json "
                    + "reports (arrival_window.csv has 0.01 s to 1e8 s besides); with --delay-grid: the window whose "
                    + "in-window fraction it reports (default: ${DEFAULT-VALUE}).")
    double window;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: results/propagate/logM<M>_logg<g>).")
    Path out;

    @Mixin
    PhysicsOptions physics;

    @Mixin
    TransportOptions transport;

    @Mixin
    EnergyGridOptions energyGrid;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Validation.requireInRange("--log-m (log10 M/MeV)", logM, MIN_LOG10_MASS, MAX_LOG10_MASS);
        Validation.requireInRange("--log-g (log10 g)", logG, MIN_LOG10_COUPLING, MAX_LOG10_COUPLING);
        Mediator mediator = physics.mediator(logM, logG);
        RelicMedium medium = physics.medium();
        PinchedSpectrum source = physics.source();
        double threshold = physics.threshold();
        Path dir = out != null ? out : Path.of("results", "propagate",
                String.format(Locale.ROOT, "logM%.3f_logg%.3f", logM, logG));
        PrintWriter stdout = spec.commandLine().getOut();
        OutputFolder.prepare(dir);
        OptionScope.requireApplicable(spec, solver == Solver.TWO_D, "--solver 2d", OptionScope.ENERGY_ANGLE);
        OptionScope.requireApplicable(spec, solver == Solver.TWO_D, "--solver 2d", "--format", "--deflection",
                "--geometry", "--mean-delay", "--delay-grid");
        boolean point = geometry == nusi.physics.Geometry.POINT;
        OptionScope.requireApplicable(spec, point, "--geometry point", "--x-steps");
        if (point && spec.commandLine().getParseResult().hasMatchedOption("--distances-kpc")) {
            throw new UserError("--distances-kpc applies to --geometry slab only (the point source's arrival angle "
                    + "is defined at the detector)");
        }
        if (meanDelay && physics.relics() != null) {
            throw new UserError("--mean-delay applies to one relic species (--relic-masses one)");
        }
        if (point && transport.integrator != TransportOptions.IntegratorChoice.CRAM) {
            throw new UserError("--geometry point runs with --integrator cram only (exact steps in x)");
        }
        if (xSteps != null) {
            Validation.requireInRange("--x-steps", xSteps, 2, 100_000);
        }
        if (deflection == nusi.physics.Deflection.THREE_D && transport.backend != nusi.backends.Backends.Kind.CPU) {
            throw new UserError("--deflection 3d runs on --backend cpu only (the OpenCL and TornadoVM sweeps are "
                    + "triangular in angle, the planar case)");
        }
        OptionScope.requireApplicable(spec, moments || delayNodes != null, "--moments or --delay-grid", "--window");
        // the library's range check (Propagation.Delays), shown with the option's name
        Propagation.Delays delays = delayNodes == null ? null : new Propagation.Delays(delayNodes, window);
        if (delays != null) {
            if (physics.relics() != null) {
                throw new UserError("--delay-grid applies to one relic species (--relic-masses one)");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--distances-kpc")) {
                throw new UserError("--delay-grid applies at D only, without --distances-kpc (the arrival delay is "
                        + "defined at the detector)");
            }
            requireDelayGridFits(transport.energyBins, transport.angleBins, delayNodes,
                    Runtime.getRuntime().maxMemory());
        }
        nusi.physics.Validation.requireInRange("--window (s)", window, 1e-6, 1e12);
        boolean threeStates = !physics.relicMasses.equalsIgnoreCase("one");
        OptionScope.requireApplicable(spec, threeStates, "--relic-masses three", "--mass-sum-ev", "--ordering",
                "--flavour");
        OptionScope.requireApplicable(spec, !threeStates, "--relic-masses one", "--neutrino-mass-ev");
        if (physics.relics() != null && solver == Solver.TWO_D && (deflection != nusi.physics.Deflection.PLANAR
                || point || transport.integrator != TransportOptions.IntegratorChoice.CRAM)) {
            throw new UserError("--relic-masses three with --solver 2d runs with --deflection planar, --geometry slab "
                    + "and --integrator cram only (the three-state block reduces to a sweep with a diagonal per cell)");
        }
        nusi.physics.Scenario scenario = new nusi.physics.Scenario(mediator, medium, source, threshold);
        Propagation.Moments withMoments = moments ? new Propagation.Moments(window) : null;
        nusi.runs.Reporter report = nusi.runs.Reporter.lines(stdout);
        physics.requireChannelsApplicable();
        if (physics.relics() != null && moments) {
            throw new UserError("--moments with --relic-masses three is not implemented (the moment chains are "
                    + "written for one relic species)");
        }
        if (physics.relics() != null && solver == Solver.ONE_D) {
            Propagation.run(new Propagation.ThreeStates(scenario, physics.relics(), physics.channels,
                    energyGrid.resolution(threshold)), output(dir), report);
            return 0;
        }
        boolean dirac = mediator.convention().isDirac();
        if (dirac && (moments || meanDelay || delays != null)) {
            throw new UserError((moments ? "--moments" : meanDelay ? "--mean-delay" : "--delay-grid")
                    + " with --convention lagrangian --dirac is not implemented (written for one transported species; "
                    + "Dirac has active and wrong-helicity neutrinos)");
        }
        if (physics.channels == nusi.physics.Channels.STU && moments) {
            throw new UserError("--moments with --channels stu is not implemented (the arrival window assumes the "
                    + "s-channel's flat dsig/dEf)");
        }
        if ((physics.channels == nusi.physics.Channels.STU || dirac) && solver == Solver.ONE_D) {
            Propagation.run(new Propagation.AllChannels(scenario, physics.channels, energyGrid.resolution(threshold)),
                    output(dir), report);
            return 0;
        }
        OptionScope.requireApplicable(spec, solver == Solver.ONE_D, "--solver 1d (2d: --energy-bins)",
                "--bins-per-decade", "--extrapolation-levels");
        if (solver == Solver.TWO_D) {
            double eMin = energyGrid.minEnergy(1e-5);
            double eMax = energyGrid.maxEnergy(threshold);
            if (!(eMin < threshold)) {
                throw new IllegalArgumentException("--e-min and --e-max must bracket the threshold " + threshold
                        + " MeV, got [" + eMin + ", " + eMax + "]");
            }
            EnergyGrid eg = transport.energyGrid(eMin, eMax);
            Propagation.run(new Propagation.EnergyAngle(transport.plan(scenario, eg, transport.backendChoice())
                    .withChannels(physics.channels).withDeflection(deflection).withGeometry(geometry,
                            xSteps == null ? 0 : xSteps).withRelics(physics.relics()), format, withMoments, meanDelay,
                            delays),
                    output(dir),
                    new ProgressReporter(stdout, true));
            return 0;
        }
        Propagation.run(new Propagation.EnergyOnly(scenario, energyGrid.resolution(threshold), withMoments),
                output(dir), report);
        return 0;
    }

    /**
     * Bytes the delay distribution needs: about 20 vectors of N K L doubles (the state, CRAM-16's complex right-hand
     * sides and solutions, a solve's work arrays, the results). Measured: 96 x 48 x 48 (estimate 33 MiB) ran whole,
     * figures included, in a 48 MiB heap.
     */
    static long delayGridBytes(long energyBins, long angleCells, long nodes) {
        return 20 * 8 * energyBins * angleCells * nodes;
    }

    /** Refuses a delay grid that cannot fit in the heap, before the run starts. */
    static void requireDelayGridFits(long energyBins, long angleCells, long nodes, long maxHeap) {
        long need = delayGridBytes(energyBins, angleCells, nodes);
        if (need > maxHeap) {
            throw new UserError(String.format(Locale.ROOT, "--delay-grid %d with %d energy x %d angle bins needs about "
                    + "%d MiB, more than the %d MiB heap (use fewer delay nodes or bins)", nodes,
                    energyBins, angleCells, need >> 20, maxHeap >> 20));
        }
    }

    /** The folder, whether earlier results may be replaced, and these options as config.json. */
    private Output output(Path dir) {
        return new Output(dir, overwrite, RunRecord.of(spec));
    }

    /** Accepts slab / point. */
    static final class GeometryConverter implements picocli.CommandLine.ITypeConverter<nusi.physics.Geometry> {
        @Override
        public nusi.physics.Geometry convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "slab" -> nusi.physics.Geometry.SLAB;
                case "point" -> nusi.physics.Geometry.POINT;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown geometry '" + value + "' (accepted: slab, point)");
            };
        }
    }

    /** Accepts planar / 3d. */
    static final class DeflectionConverter implements picocli.CommandLine.ITypeConverter<nusi.physics.Deflection> {
        @Override
        public nusi.physics.Deflection convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "planar" -> nusi.physics.Deflection.PLANAR;
                case "3d" -> nusi.physics.Deflection.THREE_D;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown deflection '" + value + "' (accepted: planar, 3d)");
            };
        }
    }

    /** Accepts 1d / 2d. */
    static final class SolverConverter implements picocli.CommandLine.ITypeConverter<Solver> {
        @Override
        public Solver convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "1d" -> Solver.ONE_D;
                case "2d" -> Solver.TWO_D;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown solver '" + value + "' (accepted: 1d, 2d)");
            };
        }
    }
}
