package nusi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.grid.EnergyResolution;
import nusi.io.EnergyAngleOutput;
import nusi.transport.ArrivalWindow;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyOperator;
import nusi.io.Json;
import nusi.io.PropagationResults;
import nusi.io.SpectrumOutput;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Validation;
import nusi.transport.EnergySpectrumResult;
import nusi.transport.ExactEnergyPropagator;
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

    /** Formats of the energy-angle state. */
    enum Format { CSV, HDF5 }

    @Option(names = "--format", paramLabel = "csv|hdf5", defaultValue = "csv",
            description = "2d: the energy-angle state as spectrum2d.csv or as state.h5 (HDF5: grids, counts, mean "
                    + "angles, the run's configuration; 8 bytes a cell, for large grids and h5py) (default: "
                    + "${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--overwrite",
            description = "Replace the results of an earlier run in --out (without it, a folder holding a result.json "
                    + "is refused).")
    boolean overwrite;

    @Option(names = "--moments",
            description = "Also the exact angle and delay moments per energy bin in four pictures (planar/3D x "
                    + "slab/point source), from chains of the energy-only operator: moments.csv and "
                    + "momentsAboveThreshold in result.json (1d: on the --bins-per-decade grid; 2d: on its energy grid).")
    boolean moments;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --moments: the arrival window after the unscattered front whose bracket result.json "
                    + "reports (arrival_window.csv has 0.01 s to 1e8 s besides) (default: ${DEFAULT-VALUE}).")
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
        OptionScope.requireApplicable(spec, solver == Solver.TWO_D, "--solver 2d", "--format");
        OptionScope.requireApplicable(spec, moments, "--moments", "--window");
        nusi.physics.Validation.requireInRange("--window (s)", window, 1e-6, 1e12);
        boolean threeStates = !physics.relicMasses.equalsIgnoreCase("one");
        OptionScope.requireApplicable(spec, threeStates, "--relic-masses three", "--mass-sum-ev", "--ordering",
                "--flavour");
        OptionScope.requireApplicable(spec, !threeStates, "--relic-masses one", "--neutrino-mass-ev");
        if (physics.relics() != null && solver == Solver.TWO_D) {
            throw new UserError("--relic-masses three applies to the energy-only solver (--solver 1d) only");
        }
        if (physics.relics() != null) {
            return propagateMassStates(mediator, medium, source, threshold, dir, stdout);
        }
        physics.requireChannelsApplicable();
        if (physics.channels == nusi.physics.Channels.STU) {
            if (solver == Solver.TWO_D) {
                throw new UserError("--channels stu applies to the energy-only solver (--solver 1d) only");
            }
            if (moments) {
                throw new UserError("--moments with --channels stu is not implemented (the moment chains assume the "
                        + "s-channel's flat dsig/dEf)");
            }
            return propagateChannels(mediator, medium, source, threshold, dir, stdout);
        }
        OptionScope.requireApplicable(spec, solver == Solver.ONE_D, "--solver 1d (2d: --energy-bins)",
                "--bins-per-decade", "--extrapolation-levels");
        if (solver == Solver.TWO_D) {
            return propagate2d(mediator, medium, source, threshold, dir, stdout);
        }
        EnergyResolution resolution = energyGrid.resolution(threshold);
        EnergyGrid grid = resolution.finestGrid(threshold);
        ResonantCrossSection xs = new ResonantCrossSection(mediator, medium.neutrinoMass());
        long t0 = System.nanoTime();
        // F extrapolated in the bin width, the spectrum on the finest grid; every grid must resolve the
        // self-scattering of its bins, so the coarsest is checked over the whole range.
        EnergyOperator.build(resolution.grid(threshold), xs, medium.columnDensity(), false)
                .requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
        ExactEnergyPropagator.ExtrapolatedFraction fx = ExactEnergyPropagator.fractionAboveThreshold(
                resolution.maxEnergy(), resolution.binsPerDecade(), resolution.extrapolationLevels(), xs, medium,
                source, threshold);
        EnergyOperator energyOperator = EnergyOperator.build(grid, xs, medium.columnDensity());
        energyOperator.requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
        EnergySpectrumResult r = ExactEnergyPropagator.propagate(energyOperator,
                ExactEnergyPropagator.initialCounts(grid, source), threshold);
        double seconds = (System.nanoTime() - t0) * 1e-9;

        ObjectNode cfg = RunRecord.of(spec);
        ObjectNode derived = withDerived(cfg, mediator, xs, medium);
        derived.put("spectrumAlpha", source.alpha());
        requireNoEarlierResults(dir);
        Json.write(dir.resolve("config.json"), cfg);

        SpectrumOutput.write(dir, grid, r.initialCounts(), r.finalCounts(), threshold, String.format(Locale.ROOT,
                "Spectrum before and after nuSI: log10(M/MeV) = %.2f, log10 g = %.2f", logM, logG));
        PropagationResults.Moments m = moments
                ? writeMoments(dir, resolution.grid(threshold), xs, medium, source, threshold, window, stdout) : null;
        // result.json last: a run killed while writing never looks complete.
        Json.write(dir.resolve("result.json"), PropagationResults.EnergyOnly.of(
                PropagationResults.Point.of(mediator, "1d", PropagationResults.Grid.of(grid)), threshold, fx, r,
                seconds, m));

        stdout.printf(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV at %.3g kpc per neutrino emitted; "
                        + "log10 M/MeV = %.3f, log10 g = %.3f, 1d solver, extrapolated over %s bins per decade: "
                        + "estimated error %.1e; spectrum on %d energy bins, %.3f s)%n",
                fx.value(), threshold, medium.distanceKpc(), logM, logG, java.util.Arrays.toString(fx.binsPerDecade()),
                fx.errorEstimate(), grid.bins(), seconds);
        stdout.printf(Locale.ROOT, "%s: number %.4g -> %.4g (+%.3g below %.3g MeV), energy balance %.2e%n",
                "spectrum", r.initialNumber(), r.finalNumber(), r.outflowCount(), grid.minEnergy(),
                r.relativeEnergyBalance());
        stdout.println("wrote " + dir.toAbsolutePath().normalize());
        return 0;
    }

    private int propagate2d(Mediator mediator, RelicMedium medium, PinchedSpectrum source, double threshold, Path dir,
                            PrintWriter stdout) {
        double eMin = energyGrid.minEnergy(1e-5);
        double eMax = energyGrid.maxEnergy(threshold);
        if (!(eMin < threshold)) {
            throw new IllegalArgumentException("--e-min and --e-max must bracket the threshold " + threshold
                    + " MeV, got [" + eMin + ", " + eMax + "]");
        }
        EnergyGrid eg = transport.energyGrid(eMin, eMax);
        nusi.study.EnergyAngleRun.Result run;
        String unit = transport.integrator == TransportOptions.IntegratorChoice.CRAM ? "sweeps" : "steps";
        try (StepProgress progress = new StepProgress("propagate 2d", unit, true)) {
            run = transport.solve(new nusi.physics.Scenario(mediator, medium, source, threshold), eg, progress,
                    d -> stdout.println("backend: " + d));
        }
        EnergyAngleResult r = run.result();
        double buildSeconds = run.operatorBuildSeconds();
        AngleGrid ag = r.operator().angleGrid();
        ResonantCrossSection xs = new ResonantCrossSection(mediator, medium.neutrinoMass());
        ObjectNode cfg = RunRecord.of(spec);
        ObjectNode derived = withDerived(cfg, mediator, xs, medium);
        derived.put("firstAngleNodeRad", ag.nodeCount() > 1 ? ag.node(1) : 0);
        derived.put("backend", r.backend());
        requireNoEarlierResults(dir);
        Json.write(dir.resolve("config.json"), cfg);

        String title = String.format(Locale.ROOT, "log10(M/MeV) = %.2f, log10 g = %.2f", logM, logG);
        SpectrumOutput.write(dir, eg, r.initialCounts(), r.angleIntegratedCounts(), threshold,
                "Spectrum before and after nuSI: " + title);
        EnergyAngleOutput.writeHeatMap(dir, r, "% of emitted neutrinos per cell, " + title);
        // The exact planar mean angle per bin (energy-only chain, no angle grid) next to the grid's value.
        long tm = System.nanoTime();
        double[] exactMean = ExactEnergyPropagator.meanAnglePerBin(
                EnergyOperator.build(eg, xs, medium.columnDensity()), r.operator().arrays().shift(),
                r.initialCounts(), 1.0);
        double exactMeanAngleSeconds = (System.nanoTime() - tm) * 1e-9;
        EnergyAngleOutput.meanAngleTable(r, exactMean).write(dir.resolve("mean_angle_per_bin.csv"));
        if (format == Format.HDF5) {
            nusi.io.EnergyAngleHdf5.write(dir.resolve("state.h5"), r, exactMean, cfg);
        } else {
            EnergyAngleOutput.table(r).write(dir.resolve("spectrum2d.csv"));
        }
        PropagationResults.Moments m = moments ? writeMoments(dir, eg, xs, medium, source, threshold, window, stdout)
                : null;
        double[] distancesKpc = null;
        if (run.atDistances().size() > 1) {
            EnergyAngleOutput.writeDistances(dir, run.atDistances(), medium.distanceKpc());
            distancesKpc = run.atDistances().stream().mapToDouble(d -> d.distance() * medium.distanceKpc()).toArray();
        }
        Json.write(dir.resolve("result.json"), new PropagationResults.EnergyAngle(
                PropagationResults.Point.of(mediator, "2d", PropagationResults.Grid.of(eg, ag)), r.summary(),
                medium.secantFactor(), transport.integrator == TransportOptions.IntegratorChoice.TRBDF2
                        ? transport.toleranceInForce() : null, buildSeconds, exactMeanAngleSeconds,
                format.name().toLowerCase(Locale.ROOT), m, distancesKpc));
        stdout.printf(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV per neutrino emitted; log10 M/MeV = %.3f, "
                        + "log10 g = %.3f, 2d solver, %d x %d cells, %s, %d sweeps, error estimate %.1e, %.2f s)%n",
                r.fractionAboveThreshold(), threshold, logM, logG, eg.bins(), ag.cells(), r.integrator(), r.solves(),
                r.errorEstimate(), r.seconds());
        stdout.printf(Locale.ROOT, "mean angle of neutrinos above threshold: %.3e rad; beyond theta_max: %.3e%n",
                r.meanAngleAboveThreshold(), r.angularOutflow());
        stdout.println("wrote " + dir.toAbsolutePath().normalize());
        return 0;
    }

    /** moments.csv, and for result.json the exact moments above threshold. */
    private static PropagationResults.Moments writeMoments(Path dir, EnergyGrid grid, ResonantCrossSection xs,
                                     RelicMedium medium, PinchedSpectrum source, double threshold, double window,
                                                           PrintWriter stdout) {
        long t0 = System.nanoTime();
        double crossingTime = medium.crossingTimeSeconds();
        nusi.transport.ExactMoments.Moments m = nusi.transport.ExactMoments.compute(
                EnergyOperator.build(grid, xs, medium.columnDensity()),
                nusi.transport.PhaseSpaceOperator.pairMeans(grid, xs, medium.neutrinoMass(),
                        Runtime.getRuntime().availableProcessors()),
                ExactEnergyPropagator.initialCounts(grid, source), crossingTime, threshold);
        nusi.io.MomentsOutput.table(m).write(dir.resolve("moments.csv"));
        // The in-window bracket (a bracket on the arrival-time distribution of the neutrinos above threshold).
        long ta = System.nanoTime();
        EnergyGrid above = grid.truncatedBelow(threshold);
        double[] decades = {1e-2, 1e-1, 1, 10, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
        double[] windows = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(decades),
                java.util.stream.DoubleStream.of(window)).distinct().sorted().toArray();
        nusi.transport.ArrivalWindow.Result arrival = nusi.transport.ArrivalWindow.compute(
                EnergyOperator.build(above, xs, medium.columnDensity(), false),
                ExactEnergyPropagator.initialCounts(above, source), xs, medium.neutrinoMass(), crossingTime, windows);
        nusi.io.ArrivalOutput.table(arrival, windows).write(dir.resolve("arrival_window.csv"));
        nusi.io.ArrivalOutput.perBinTable(arrival, windows).write(dir.resolve("arrival_window_per_bin.csv"));
        nusi.io.ArrivalOutput.plotPerBin(dir, arrival, decades, String.format(Locale.ROOT,
                "Arrival time against energy: 3D point source, upper bound, above %.3g MeV", threshold));
        nusi.io.ArrivalOutput.plot(dir, arrival, String.format(Locale.ROOT,
                "Arrival within a window of the unscattered front, above %.3g MeV", threshold));
        ArrivalWindow.Bracket slab10 = arrival.bracket(ArrivalWindow.Geometry.SLAB, window);
        ArrivalWindow.Bracket point10 = arrival.bracket(ArrivalWindow.Geometry.POINT, window);
        double arrivalSeconds = (System.nanoTime() - ta) * 1e-9;
        double seconds = (System.nanoTime() - t0) * 1e-9;
        var a = m.aboveThreshold();
        stdout.printf(Locale.ROOT, "above %.3g MeV: mean delay %.3g s (planar slab), %.3g s (3D slab), %.3g s (planar "
                        + "point source), %.3g s (3D point source); delay spread %.3g s (3D slab), %.3g s (planar slab) (rms); rms angle %.3g rad (planar "
                        + "slab), %.3g rad (3D)%n",
                threshold, a.meanDelayPlanarSlab(), a.meanDelay3dSlab(), a.meanDelayPlanarPoint(), a.meanDelay3dPoint(),
                a.delaySpread3dSlab(), a.delaySpreadPlanarSlab(), a.rmsAnglePlanarSlab(), a.rmsAngle3dSlab());
        stdout.printf(Locale.ROOT, "within %s s of the front, per emitted neutrino above threshold (F = %.4g): slab "
                        + "[%.4g, %.4g planar, %.4g 3D], point source [%.4g, %.4g planar, %.4g 3D] (bracket: lower bound, "
                        + "upper bounds; %.2f s)%n", window, arrival.fractionAboveThreshold(), slab10.lowerBound(),
                slab10.upperBoundPlanar(), slab10.upperBound3d(), point10.lowerBound(), point10.upperBoundPlanar(),
                point10.upperBound3d(), arrivalSeconds);
        return new PropagationResults.Moments(a, seconds, new PropagationResults.InWindow(window, slab10, point10,
                arrival.unscattered(), arrival.quadratureDefect(), arrivalSeconds));
    }

    /**
     * The energy-only propagation with three relic mass states: F extrapolated in the bin width, and the spectrum
     * (summed over the states, and per state) on the finest grid. The tracked outflow quantities of one species are
     * not kept here.
     */
    private int propagateMassStates(Mediator mediator, RelicMedium medium, PinchedSpectrum source, double threshold,
                                    Path dir, PrintWriter stdout) {
        nusi.physics.MassStates relics = physics.relics();
        EnergyResolution resolution = energyGrid.resolution(threshold);
        EnergyGrid grid = resolution.finestGrid(threshold);
        long t0 = System.nanoTime();
        ExactEnergyPropagator.ExtrapolatedFraction fx = nusi.transport.MassStatesBackend.fractionAboveThreshold(
                resolution.maxEnergy(), resolution.binsPerDecade(), resolution.extrapolationLevels(), mediator, relics,
                medium.columnDensity(), source, threshold);
        java.util.List<EnergyOperator> ops = new java.util.ArrayList<>();
        for (double m : relics.masses()) {
            EnergyOperator op = EnergyOperator.build(grid, new ResonantCrossSection(mediator, m),
                    medium.columnDensity(), false);
            op.requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
            ops.add(op);
        }
        nusi.transport.MassStatesBackend b = new nusi.transport.MassStatesBackend(ops, relics.weights());
        int n = grid.bins();
        double[] initial = ExactEnergyPropagator.initialCounts(grid, source);
        double[] v = new double[b.length()];
        for (int s = 0; s < relics.count(); s++) {
            for (int j = 0; j < n; j++) {
                v[s * n + j] = relics.weights()[s] * initial[j];
            }
        }
        double[] state = nusi.transport.CramIntegrator.order48().propagate(b, v, new double[]{1},
                nusi.transport.Integrator.Listener.NONE).states()[0];
        double[] fin = new double[n];
        nusi.io.CsvTable perState = new nusi.io.CsvTable("E_low_MeV", "E_high_MeV", "N_at_Earth_state_1",
                "N_at_Earth_state_2", "N_at_Earth_state_3");
        for (int j = 0; j < n; j++) {
            double[] row = new double[5];
            row[0] = grid.lowerEdge(j);
            row[1] = grid.upperEdge(j);
            for (int s = 0; s < relics.count(); s++) {
                fin[j] += state[s * n + j];
                row[2 + s] = state[s * n + j];
            }
            perState.add(row);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        ObjectNode cfg = RunRecord.of(spec);
        cfg.set("relicMassStates", Json.mapper().valueToTree(relics));
        requireNoEarlierResults(dir);
        Json.write(dir.resolve("config.json"), cfg);
        SpectrumOutput.write(dir, grid, initial, fin, threshold, String.format(Locale.ROOT,
                "Spectrum before and after nuSI, three mass states: log10(M/MeV) = %.2f, log10 g = %.2f", logM, logG));
        perState.write(dir.resolve("spectrum_per_state.csv"));
        Json.write(dir.resolve("result.json"), new PropagationResults.MassStatesResult(fx.value(), threshold,
                PropagationResults.Point.of(mediator, "1d", PropagationResults.Grid.of(grid)),
                b.countAbove(state, threshold), fx.errorEstimate(), relics, medium.relicDensityPerCm3(), seconds));
        stdout.printf(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV per neutrino emitted; %s; log10 M/MeV = %.3f, "
                        + "log10 g = %.3f; estimated error %.1e; %.3f s)%n", fx.value(), threshold, relics.description(),
                logM, logG, fx.errorEstimate(), seconds);
        stdout.println("wrote " + dir.toAbsolutePath().normalize());
        return 0;
    }

    /**
     * The energy-only propagation with the s-, t- and u-channels: F extrapolated in the bin width (general gain
     * triangle on each grid above the threshold), and the spectrum on the coarsest grid from --e-min.
     */
    private int propagateChannels(Mediator mediator, RelicMedium medium, PinchedSpectrum source, double threshold,
                                  Path dir, PrintWriter stdout) {
        EnergyResolution resolution = energyGrid.resolution(threshold);
        nusi.physics.ChannelsCrossSection xs = new nusi.physics.ChannelsCrossSection(mediator, medium.neutrinoMass(),
                physics.channels);
        long t0 = System.nanoTime();
        ExactEnergyPropagator.ExtrapolatedFraction fx = nusi.transport.ChannelsEnergyOperator.fractionAboveThreshold(
                resolution.maxEnergy(), resolution.binsPerDecade(), resolution.extrapolationLevels(), xs, medium,
                source, threshold);
        EnergyGrid grid = resolution.grid(threshold);
        nusi.transport.ChannelsEnergyOperator op = nusi.transport.ChannelsEnergyOperator.build(grid, xs,
                medium.columnDensity());
        op.requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
        double[] initial = ExactEnergyPropagator.initialCounts(grid, source);
        double[] fin = op.propagate(initial);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        ObjectNode cfg = RunRecord.of(spec);
        requireNoEarlierResults(dir);
        Json.write(dir.resolve("config.json"), cfg);
        SpectrumOutput.write(dir, grid, initial, fin, threshold, String.format(Locale.ROOT,
                "Spectrum before and after nuSI, s-, t- and u-channels: log10(M/MeV) = %.2f, log10 g = %.2f", logM,
                logG));
        Json.write(dir.resolve("result.json"), new PropagationResults.ChannelsResult(fx.value(), threshold,
                PropagationResults.Point.of(mediator, "1d", PropagationResults.Grid.of(grid)),
                grid.countAbove(fin, threshold), fx.errorEstimate(), fx.perLevel(), fx.binsPerDecade(),
                physics.channels.name().toLowerCase(Locale.ROOT), medium.relicDensityPerCm3(), seconds));
        stdout.printf(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV per neutrino emitted; s-, t- and u-channels, "
                        + "Lagrangian convention; log10 M/MeV = %.3f, log10 g = %.3f; extrapolated over %s bins per "
                        + "decade: estimated error %.1e; spectrum on %d energy bins, %.3f s)%n", fx.value(), threshold,
                logM, logG, java.util.Arrays.toString(fx.binsPerDecade()), fx.errorEstimate(), grid.bins(), seconds);
        stdout.println("wrote " + dir.toAbsolutePath().normalize());
        return 0;
    }

    /** Before the first file is written: the results of another run in --out are not replaced silently. */
    private void requireNoEarlierResults(Path dir) {
        if (!overwrite && java.nio.file.Files.exists(dir.resolve("result.json"))) {
            throw new UserError("--out " + dir + " already holds the results of another run (result.json): choose "
                    + "another --out, or add --overwrite to replace them");
        }
    }

    /** Configuration derived from the options, written next to them in config.json. */
    static ObjectNode withDerived(ObjectNode cfg, Mediator mediator, ResonantCrossSection xs, RelicMedium medium) {
        ObjectNode derived = cfg.putObject("derived");
        derived.put("mediatorMassMeV", mediator.mass());
        derived.put("coupling", mediator.coupling());
        derived.put("resonanceEnergyMeV", xs.resonanceEnergy());
        derived.put("resonanceHalfWidthMeV", xs.resonanceHalfWidth());
        derived.put("columnDensityMeV2", medium.columnDensity());
        derived.put("targetDensityPerCm3", medium.targetDensityPerCm3());
        return derived;
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
