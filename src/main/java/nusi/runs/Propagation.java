package nusi.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.DoubleStream;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.grid.EnergyResolution;
import nusi.io.ArrivalOutput;
import nusi.io.CsvTable;
import nusi.io.DelayOutput;
import nusi.io.EnergyAngleHdf5;
import nusi.io.EnergyAngleOutput;
import nusi.io.Json;
import nusi.io.MomentsOutput;
import nusi.io.PropagationResults;
import nusi.io.SpectrumOutput;
import nusi.physics.Channels;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Deflection;
import nusi.physics.Geometry;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.physics.Parameter;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Scenario;
import nusi.physics.Validation;
import nusi.study.EnergyAngleRun;
import nusi.transport.ArrivalWindow;
import nusi.transport.ChannelsEnergyOperator;
import nusi.transport.CramIntegrator;
import nusi.transport.DelayDistribution;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.EnergyOperator;
import nusi.transport.EnergySpectrumResult;
import nusi.transport.ExactEnergyPropagator;
import nusi.transport.ExactMoments;
import nusi.transport.Integrator;
import nusi.transport.MassStatesBackend;
import nusi.transport.PhaseSpaceOperator;

/**
 * One (M, g) point propagated to Earth and written to a folder: spectrum.csv/png, config.json and result.json
 * (last, so that a killed run never looks complete), with the typed result returned. Four plans: the energy-only
 * exact solver (s-channel), the energy-angle solver, three relic mass states, and the s-, t- and u-channels.
 * `propagate` is the command-line face of these.
 */
public final class Propagation {
    private Propagation() {
    }

    /** Also the exact angle and delay moments and the in-window bracket, for a window (s) after the front. */
    public record Moments(double windowSeconds) {
        public Moments {
            Validation.requireInRange(Parameter.WINDOW, windowSeconds, 1e-6, 1e12);
        }
    }

    /** The energy-only exact solver: F extrapolated in the bin width, the spectrum on the finest grid. */
    public record EnergyOnly(Scenario scenario, EnergyResolution resolution, Moments moments) {
        public EnergyOnly {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(resolution, "resolution");
            requireOneSpecies(scenario, "this plan's flat s-channel cascade and its moments; Dirac runs as AllChannels");
        }
    }

    /** Formats of the energy-angle state. */
    public enum Format { CSV, HDF5 }

    /**
     * Also the arrival-delay distribution on (E, theta, tau) ({@link EnergyAngleRun#delayDistribution}), on this many
     * delay nodes, read at a window (s) after the unscattered front.
     */
    public record Delays(int nodes, double windowSeconds) {
        public Delays {
            Validation.requireInRange(Parameter.DELAY_NODES, nodes, 4, nusi.grid.DelayGrid.MAX_NODES);
            Validation.requireInRange(Parameter.WINDOW, windowSeconds, 1e-6, 1e12);
        }
    }

    /**
     * The energy-angle solver.
     *
     * @param meanDelay also the slab's mean arrival delay per cell from the grid (a second propagation with the
     *                  delay-weighted state, {@link nusi.transport.MeanDelayBackend}): mean_delay_per_bin.csv
     * @param delays    also the delay distribution (null: not)
     */
    public record EnergyAngle(EnergyAngleRun.Plan run, Format format, Moments moments, boolean meanDelay,
                              Delays delays) {
        public EnergyAngle(EnergyAngleRun.Plan run, Format format, Moments moments) {
            this(run, format, moments, false, null);
        }

        public EnergyAngle(EnergyAngleRun.Plan run, Format format, Moments moments, boolean meanDelay) {
            this(run, format, moments, meanDelay, null);
        }

        public EnergyAngle {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(format, "format");
            if (delays != null && (run.relics() != null || run.distances().length != 1)) {
                throw new IllegalArgumentException("the delay distribution is written for one relic species, at D "
                        + "only");
            }
            if (meanDelay && run.relics() != null) {
                throw new IllegalArgumentException("the grid's mean delay is written for one relic species");
            }
            if (moments != null || meanDelay || delays != null) {
                requireOneSpecies(run.scenario(), "the moments, the mean delay and the delay distribution need the "
                        + "active and wrong-helicity species' own deflections");
            }
            if (moments != null && run.channels() != Channels.S) {
                throw new IllegalArgumentException("the moments with the s-, t- and u-channels are not implemented "
                        + "(the arrival window assumes the s-channel's flat dsig/dEf)");
            }
        }
    }

    /** Three relic mass states (energy-only), with the s-channel or with all channels. */
    public record ThreeStates(Scenario scenario, MassStates relics, Channels channels, EnergyResolution resolution) {
        public ThreeStates {
            Objects.requireNonNull(scenario, "scenario");
            requireOneSpecies(scenario, "several mass states, two species each");
            Objects.requireNonNull(relics, "relics");
            Objects.requireNonNull(channels, "channels");
            Objects.requireNonNull(resolution, "resolution");
        }
    }

    /** The s-, t- and u-channels (energy-only). */
    public record AllChannels(Scenario scenario, Channels channels, EnergyResolution resolution) {
        public AllChannels {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(channels, "channels");
            Objects.requireNonNull(resolution, "resolution");
        }
    }

    /** Refuses a Dirac mediator (two transported species) where a plan is written for one. */
    private static void requireOneSpecies(Scenario scenario, String why) {
        if (scenario.mediator().convention().isDirac()) {
            throw new IllegalArgumentException("Dirac neutrinos are not implemented here (" + why + ")");
        }
    }

    public static PropagationResults.EnergyOnly run(EnergyOnly plan, Output out, Reporter report) {
        Scenario sc = plan.scenario();
        Mediator mediator = sc.mediator();
        RelicMedium medium = sc.medium();
        double threshold = sc.threshold();
        EnergyResolution resolution = plan.resolution();
        EnergyGrid grid = resolution.finestGrid(threshold);
        ResonantCrossSection xs = sc.crossSection();
        long t0 = System.nanoTime();
        // F extrapolated in the bin width, the spectrum on the finest grid; every grid must resolve the
        // self-scattering of its bins, so the coarsest is checked over the whole range.
        EnergyOperator.build(resolution.grid(threshold), xs, medium.columnDensity(), false)
                .requireResolvedSelfScattering(Parameter.ENERGY_RESOLUTION);
        ExactEnergyPropagator.ExtrapolatedFraction fx = ExactEnergyPropagator.fractionAboveThreshold(
                resolution.maxEnergy(), resolution.binsPerDecade(), resolution.extrapolationLevels(), xs, medium,
                sc.source(), threshold);
        EnergyOperator energyOperator = EnergyOperator.build(grid, xs, medium.columnDensity());
        energyOperator.requireResolvedSelfScattering(Parameter.ENERGY_RESOLUTION);
        EnergySpectrumResult r = ExactEnergyPropagator.propagate(energyOperator,
                ExactEnergyPropagator.initialCounts(grid, sc.source()), threshold);
        double seconds = (System.nanoTime() - t0) * 1e-9;

        ObjectNode cfg = out.configurationCopy();
        withDerived(cfg, mediator, xs, medium).put("spectrumAlpha", sc.source().alpha());
        out.requireNoEarlierResults();
        Json.write(out.folder().resolve("config.json"), cfg);
        SpectrumOutput.write(out.folder(), grid, r.initialCounts(), r.finalCounts(), threshold,
                "Spectrum before and after nuSI: " + pointTitle(mediator));
        PropagationResults.Moments m = plan.moments() == null ? null
                : writeMoments(out, resolution.grid(threshold), sc, plan.moments().windowSeconds(), report);
        PropagationResults.EnergyOnly result = PropagationResults.EnergyOnly.of(
                PropagationResults.Point.of(mediator, "1d", PropagationResults.Grid.of(grid)), threshold, fx, r,
                seconds, m);
        return written(out, report, result,
                String.format(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV at %.3g kpc per neutrino emitted; "
                        + "log10 M/MeV = %.3f, log10 g = %.3f, 1d solver, extrapolated over %s bins per decade: "
                        + "estimated error %.1e; spectrum on %d energy bins, %.3f s)",
                fx.value(), threshold, medium.distanceKpc(), mediator.log10Mass(), mediator.log10Coupling(),
                Arrays.toString(fx.binsPerDecade()), fx.errorEstimate(), grid.bins(), seconds),
                String.format(Locale.ROOT, "%s: number %.4g -> %.4g (+%.3g below %.3g MeV), energy balance %.2e",
                "spectrum", r.initialNumber(), r.finalNumber(), r.outflowCount(), grid.minEnergy(),
                r.relativeEnergyBalance()));
    }

    public static PropagationResults.EnergyAngle run(EnergyAngle plan, Output out, Reporter report) {
        Scenario sc = plan.run().scenario();
        Mediator mediator = sc.mediator();
        RelicMedium medium = sc.medium();
        double threshold = sc.threshold();
        EnergyGrid eg = plan.run().energyGrid();
        boolean cram = plan.run().integrator() == EnergyAngleRun.IntegratorKind.CRAM;
        EnergyAngleRun.Result run;
        try (Reporter.StepProgress progress = report.steps("propagate 2d", cram ? "sweeps" : "steps")) {
            run = EnergyAngleRun.run(plan.run(), progress, d -> report.line("backend: " + d));
        }
        EnergyAngleResult r = run.result();
        AngleGrid ag = r.operator().angleGrid();
        ResonantCrossSection xs = sc.crossSection();
        ObjectNode cfg = out.configurationCopy();
        ObjectNode derived = withDerived(cfg, mediator, xs, medium);
        derived.put("firstAngleNodeRad", ag.nodeCount() > 1 ? ag.node(1) : 0);
        derived.put("backend", r.backend());
        out.requireNoEarlierResults();
        Json.write(out.folder().resolve("config.json"), cfg);

        String title = pointTitle(mediator);
        SpectrumOutput.write(out.folder(), eg, r.initialCounts(), r.angleIntegratedCounts(), threshold,
                "Spectrum before and after nuSI: " + title);
        boolean threeD = plan.run().deflection() == Deflection.THREE_D;
        boolean point = plan.run().geometry() == Geometry.POINT;
        EnergyAngleOutput.writeHeatMap(out.folder(), r, "% of emitted neutrinos per cell, " + title
                + (threeD ? ", 3D" : "") + (point ? ", point source" : ""), point ? "beta" : "theta");
        // The exact planar mean angle per bin (energy-only chain, no angle grid) next to the grid's value.
        long tm = System.nanoTime();
        // In 3D the exact rms polar angle instead: chain(G o delta2), delta2 = shift^2 (the pair mean of theta~^2).
        double[] table = r.operator().arrays().shift();
        if (threeD) {
            table = Arrays.stream(table).map(d -> d * d).toArray();
        }
        double[] exactMean;
        MassStates relics = plan.run().relics();
        // every picture's exact moments, once, where the point source's angle or the mean delay needs them
        ExactMoments.Moments em = relics == null && !mediator.convention().isDirac()
                && (point || plan.meanDelay() || plan.delays() != null)
                ? exactMoments(plan, r, mediator, medium, xs, threshold) : null;
        if (relics != null || mediator.convention().isDirac()) {
            // no chain for several states or for Dirac's two species: the grid's mean angle alone
            exactMean = new double[eg.bins()];
            Arrays.fill(exactMean, Double.NaN);
        } else if (point) {
            // the point source's exact arrival-angle moments (planar mean, 3D rms) from the x-weighted chains
            exactMean = threeD ? em.rmsArrivalAngle3dPoint() : em.meanArrivalAnglePlanarPoint();
        } else if (plan.run().channels() == Channels.S) {
            EnergyOperator e = EnergyOperator.build(eg, xs, medium.columnDensity());
            exactMean = threeD ? ExactEnergyPropagator.meanSquareAngle3dPerBin(e, table, r.initialCounts(), 1.0)
                    : ExactEnergyPropagator.meanAnglePerBin(e, table, r.initialCounts(), 1.0);
        } else {
            ChannelsEnergyOperator e = ChannelsEnergyOperator.build(eg, new ChannelsCrossSection(mediator,
                    medium.neutrinoMass(), plan.run().channels()), medium.columnDensity());
            exactMean = threeD ? ExactEnergyPropagator.meanSquareAngle3dPerBin(e, table, r.initialCounts(), 1.0)
                    : ExactEnergyPropagator.meanAnglePerBin(e, table, r.initialCounts(), 1.0);
        }
        if (threeD && !point) {
            exactMean = Arrays.stream(exactMean).map(Math::sqrt).toArray();
        }
        double exactMeanAngleSeconds = (System.nanoTime() - tm) * 1e-9;
        if (threeD) {
            EnergyAngleOutput.rmsAngleTable(r, exactMean).write(out.folder().resolve("rms_angle_per_bin.csv"));
        } else {
            EnergyAngleOutput.meanAngleTable(r, exactMean).write(out.folder().resolve("mean_angle_per_bin.csv"));
        }
        if (plan.format() == Format.HDF5) {
            EnergyAngleHdf5.write(out.folder().resolve("state.h5"), r, exactMean, cfg);
        } else {
            EnergyAngleOutput.table(r).write(out.folder().resolve("spectrum2d.csv"));
        }
        if (plan.meanDelay()) {
            report.line("mean delay per cell: a second propagation with the delay-weighted state");
            EnergyAngleOutput.meanDelayTable(r, meanDelayOnGrid(plan, r, medium.crossingTimeSeconds()),
                    threeD ? (point ? em.meanDelay3dPoint() : em.meanDelay3dSlab())
                            : (point ? em.meanDelayPlanarPoint() : em.meanDelayPlanarSlab()))
                    .write(out.folder().resolve("mean_delay_per_bin.csv"));
        }
        PropagationResults.DelayResult delayResult = plan.delays() == null ? null
                : writeDelays(plan, run, em, out, report);
        if (relics != null) {
            CsvTable perState = new CsvTable("E_low_MeV", "E_high_MeV", "N_at_Earth_state_1", "N_at_Earth_state_2",
                    "N_at_Earth_state_3");
            for (int j = 0; j < eg.bins(); j++) {
                double[] row = new double[2 + relics.count()];
                row[0] = eg.lowerEdge(j);
                row[1] = eg.upperEdge(j);
                for (int s = 0; s < relics.count(); s++) {
                    row[2 + s] = run.countsPerState()[s][j];
                }
                perState.add(row);
            }
            perState.write(out.folder().resolve("spectrum_per_state.csv"));
        }
        PropagationResults.Moments m = plan.moments() == null ? null
                : writeMoments(out, eg, sc, plan.moments().windowSeconds(), report);
        double[] distancesKpc = null;
        if (run.atDistances().size() > 1) {
            EnergyAngleOutput.writeDistances(out.folder(), run.atDistances(), medium.distanceKpc());
            distancesKpc = run.atDistances().stream().mapToDouble(d -> d.distance() * medium.distanceKpc()).toArray();
        }
        PropagationResults.EnergyAngle result = new PropagationResults.EnergyAngle(
                PropagationResults.Point.of(mediator, "2d", PropagationResults.Grid.of(eg, ag)), r.summary(),
                r.operator().secantFactor(), cram ? null : plan.run().steps().tolerance(), run.operatorBuildSeconds(),
                exactMeanAngleSeconds, plan.format().name().toLowerCase(Locale.ROOT), m, distancesKpc,
                plan.run().channels().name().toLowerCase(Locale.ROOT), threeD ? "3d" : "planar",
                point ? "point" : "slab", point ? plan.run().pointSteps() : null, relics, delayResult);
        return written(out, report, result,
                String.format(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV per neutrino emitted; log10 M/MeV "
                        + "= %.3f, log10 g = %.3f, 2d solver%s, %d x %d cells, %s, %d sweeps, error estimate %.1e, %.2f s)",
                r.fractionAboveThreshold(), threshold, mediator.log10Mass(), mediator.log10Coupling(),
                (plan.run().channels() == Channels.S ? "" : ", s-, t- and u-channels") + (threeD ? ", 3D deflection"
                        : "") + (point ? ", point source" : "") + (relics != null ? ", " + relics.description() : ""),
                eg.bins(),
                ag.cells(), r.integrator(), r.solves(), r.errorEstimate(), r.seconds()),
                String.format(Locale.ROOT, "mean angle of neutrinos above threshold: %.3e rad; beyond theta_max: "
                + "%.3e", r.meanAngleAboveThreshold(), r.angularOutflow()));
    }

    /**
     * Three relic mass states: F extrapolated in the bin width, and the spectrum (summed over the states, and per
     * state) on the finest grid. The tracked outflow quantities of one species are not kept here.
     */
    public static PropagationResults.MassStatesResult run(ThreeStates plan, Output out, Reporter report) {
        Scenario sc = plan.scenario();
        Mediator mediator = sc.mediator();
        MassStates relics = plan.relics();
        double threshold = sc.threshold();
        EnergyResolution resolution = plan.resolution();
        EnergyGrid grid = resolution.finestGrid(threshold);
        long t0 = System.nanoTime();
        ExactEnergyPropagator.ExtrapolatedFraction fx = MassStatesBackend.fractionAboveThreshold(
                resolution.maxEnergy(), resolution.binsPerDecade(), resolution.extrapolationLevels(), mediator,
                plan.channels(), relics, sc.medium().columnDensity(), sc.source(), threshold);
        // The spectrum on the finest grid (s-channel) or on the coarsest (all channels: the general triangles cost
        // O(N^2) pair integrals per state), every target's self-scattering resolved.
        if (plan.channels() != Channels.S) {
            grid = resolution.grid(threshold);
        }
        MassStatesBackend b = MassStatesBackend.levels(grid, mediator, plan.channels(), relics,
                sc.medium().columnDensity()).at(1, true);
        int n = grid.bins();
        double[] initial = ExactEnergyPropagator.initialCounts(grid, sc.source());
        double[] state = CramIntegrator.order48().propagate(b, b.splitOverStates(initial), new double[]{1},
                Integrator.Listener.NONE).states()[0];
        double[] fin = new double[n];
        CsvTable perState = new CsvTable("E_low_MeV", "E_high_MeV", "N_at_Earth_state_1", "N_at_Earth_state_2",
                "N_at_Earth_state_3");
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
        ObjectNode cfg = out.configurationCopy();
        cfg.set("relicMassStates", Json.mapper().valueToTree(relics));
        out.requireNoEarlierResults();
        Json.write(out.folder().resolve("config.json"), cfg);
        SpectrumOutput.write(out.folder(), grid, initial, fin, threshold,
                "Spectrum before and after nuSI, three mass states" + (plan.channels() == Channels.S ? ""
                        : ", s-, t- and u-channels") + ": " + pointTitle(mediator));
        perState.write(out.folder().resolve("spectrum_per_state.csv"));
        PropagationResults.MassStatesResult result = new PropagationResults.MassStatesResult(fx.value(), threshold,
                plan.channels().name().toLowerCase(Locale.ROOT),
                PropagationResults.Point.of(mediator, "1d", PropagationResults.Grid.of(grid)),
                b.countAbove(state, threshold), fx.errorEstimate(), relics, sc.medium().relicDensityPerCm3(), seconds);
        return written(out, report, result,
                String.format(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV per neutrino emitted; %s%s; log10 "
                        + "M/MeV = %.3f, log10 g = %.3f; estimated error %.1e; %.3f s)", fx.value(), threshold,
                relics.description(), plan.channels() == Channels.S ? "" : "; s-, t- and u-channels",
                mediator.log10Mass(), mediator.log10Coupling(), fx.errorEstimate(), seconds));
    }

    /**
     * The s-, t- and u-channels: F extrapolated in the bin width (general gain triangle on each grid above the
     * threshold), and the spectrum on the coarsest grid from the resolution's lowest energy.
     */
    public static PropagationResults.ChannelsResult run(AllChannels plan, Output out, Reporter report) {
        Scenario sc = plan.scenario();
        Mediator mediator = sc.mediator();
        double threshold = sc.threshold();
        EnergyResolution resolution = plan.resolution();
        long t0 = System.nanoTime();
        ExactEnergyPropagator.ExtrapolatedFraction fx = ChannelsEnergyOperator.activeFraction(
                resolution.maxEnergy(), resolution.binsPerDecade(), resolution.extrapolationLevels(), mediator,
                plan.channels(), sc.medium(), sc.source(), threshold);
        EnergyGrid grid = resolution.grid(threshold);
        double[] initial = ExactEnergyPropagator.initialCounts(grid, sc.source());
        double[] fin = ChannelsEnergyOperator.activeCounts(grid, mediator, plan.channels(), sc.medium(), initial,
                Parameter.ENERGY_RESOLUTION);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        out.requireNoEarlierResults();
        Json.write(out.folder().resolve("config.json"), out.configurationCopy());
        String model = (plan.channels() == Channels.S ? "s-channel" : "s-, t- and u-channels")
                + (mediator.convention().isDirac() ? ", Dirac (active neutrinos)" : "");
        SpectrumOutput.write(out.folder(), grid, initial, fin, threshold,
                "Spectrum before and after nuSI, " + model + ": " + pointTitle(mediator));
        PropagationResults.ChannelsResult result = new PropagationResults.ChannelsResult(fx.value(), threshold,
                PropagationResults.Point.of(mediator, "1d", PropagationResults.Grid.of(grid)),
                grid.countAbove(fin, threshold), fx.errorEstimate(), fx.perLevel(), fx.binsPerDecade(),
                plan.channels().name().toLowerCase(Locale.ROOT), sc.medium().relicDensityPerCm3(), seconds);
        return written(out, report, result,
                String.format(Locale.ROOT, "F = %.6e  (neutrinos above %.3g MeV per neutrino emitted; %s, "
                        + "Lagrangian convention; log10 M/MeV = %.3f, log10 g = %.3f; extrapolated over %s "
                        + "bins per decade: estimated error %.1e; spectrum on %d energy bins, %.3f s)", fx.value(),
                threshold, model, mediator.log10Mass(), mediator.log10Coupling(), Arrays.toString(fx.binsPerDecade()),
                fx.errorEstimate(), grid.bins(), seconds));
    }

    /** result.json last (a run killed while writing never looks complete), then the run's lines and its folder. */
    private static <T> T written(Output out, Reporter report, T result, String... lines) {
        Json.write(out.folder().resolve("result.json"), result);
        for (String line : lines) {
            report.line(line);
        }
        report.line("wrote " + out.folder().toAbsolutePath().normalize());
        return result;
    }

    /** moments.csv and the arrival-window files; for result.json the exact moments above threshold. */
    private static PropagationResults.Moments writeMoments(Output out, EnergyGrid grid, Scenario sc, double window,
                                                           Reporter report) {
        ResonantCrossSection xs = sc.crossSection();
        RelicMedium medium = sc.medium();
        double threshold = sc.threshold();
        long t0 = System.nanoTime();
        double crossingTime = medium.crossingTimeSeconds();
        ExactMoments.Moments m = ExactMoments.compute(EnergyOperator.build(grid, xs, medium.columnDensity()),
                PhaseSpaceOperator.pairMeans(grid, xs, medium.neutrinoMass(), Runtime.getRuntime().availableProcessors()),
                ExactEnergyPropagator.initialCounts(grid, sc.source()), crossingTime, threshold);
        MomentsOutput.table(m).write(out.folder().resolve("moments.csv"));
        // The in-window bracket (a bracket on the arrival-time distribution of the neutrinos above threshold).
        long ta = System.nanoTime();
        EnergyGrid above = grid.truncatedBelow(threshold);
        double[] decades = {1e-2, 1e-1, 1, 10, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
        double[] windows = DoubleStream.concat(DoubleStream.of(decades), DoubleStream.of(window)).distinct().sorted()
                .toArray();
        ArrivalWindow.Result arrival = ArrivalWindow.compute(EnergyOperator.build(above, xs, medium.columnDensity(),
                false), ExactEnergyPropagator.initialCounts(above, sc.source()), xs, medium.neutrinoMass(), crossingTime,
                windows);
        ArrivalOutput.table(arrival, windows).write(out.folder().resolve("arrival_window.csv"));
        ArrivalOutput.perBinTable(arrival, windows).write(out.folder().resolve("arrival_window_per_bin.csv"));
        ArrivalOutput.plotPerBin(out.folder(), arrival, decades, String.format(Locale.ROOT,
                "Arrival time against energy: 3D point source, upper bound, above %.3g MeV", threshold));
        ArrivalOutput.plot(out.folder(), arrival, String.format(Locale.ROOT,
                "Arrival within a window of the unscattered front, above %.3g MeV", threshold));
        ArrivalWindow.Bracket slab = arrival.bracket(ArrivalWindow.Geometry.SLAB, window);
        ArrivalWindow.Bracket point = arrival.bracket(ArrivalWindow.Geometry.POINT, window);
        double arrivalSeconds = (System.nanoTime() - ta) * 1e-9;
        double seconds = (System.nanoTime() - t0) * 1e-9;
        var a = m.aboveThreshold();
        report.line(String.format(Locale.ROOT, "above %.3g MeV: mean delay %.3g s (planar slab), %.3g s (3D slab), "
                        + "%.3g s (planar point source), %.3g s (3D point source); delay spread %.3g s (3D slab), %.3g s "
                        + "(planar slab), %.3g s (3D point source), %.3g s (planar point source) (rms); rms angle %.3g rad "
                        + "(planar slab), %.3g rad (3D)",
                threshold, a.meanDelayPlanarSlab(), a.meanDelay3dSlab(), a.meanDelayPlanarPoint(), a.meanDelay3dPoint(),
                a.delaySpread3dSlab(), a.delaySpreadPlanarSlab(), a.delaySpread3dPoint(), a.delaySpreadPlanarPoint(),
                a.rmsAnglePlanarSlab(),
                a.rmsAngle3dSlab()));
        report.line(String.format(Locale.ROOT, "within %s s of the front, per emitted neutrino above threshold (F = "
                        + "%.4g): slab [%.4g, %.4g planar, %.4g 3D], point source [%.4g, %.4g planar, %.4g 3D] (bracket: "
                        + "lower bound, upper bounds; %.2f s)", window, arrival.fractionAboveThreshold(),
                slab.lowerBound(), slab.upperBoundPlanar(), slab.upperBound3d(), point.lowerBound(),
                point.upperBoundPlanar(), point.upperBound3d(), arrivalSeconds));
        return new PropagationResults.Moments(a, seconds, new PropagationResults.InWindow(window, slab, point,
                arrival.unscattered(), arrival.quadratureDefect(), arrivalSeconds));
    }

    /**
     * The grid's mean delay per energy bin: CRAM-48 on [[A, 0], [T theta^2/2, A]] with the run's backend (a point
     * source: through its steps in x, the rate T beta^2/(2 x^2)).
     */
    private static double[] meanDelayOnGrid(EnergyAngle plan, EnergyAngleResult r, double crossingTime) {
        PhaseSpaceOperator op = r.operator();
        if (plan.run().geometry() == Geometry.POINT) {
            return nusi.transport.MeanDelayBackend.meanDelayPerBin(op, nusi.transport.MeanDelayBackend
                    .propagatePointSource(op, o -> nusi.backends.Backends.create(plan.run().backend(), o), r.initial(),
                            EnergyAngleSolver.pointSourceSteps(plan.run().pointSteps()), crossingTime));
        }
        try (nusi.transport.TransportBackend b = nusi.backends.Backends.create(plan.run().backend(), op)) {
            nusi.transport.MeanDelayBackend d = new nusi.transport.MeanDelayBackend(b, crossingTime);
            double[] initial = new double[d.length()];
            System.arraycopy(r.initial(), 0, initial, 0, op.stateLength());
            double[] state = CramIntegrator.order48().propagate(d, initial, new double[]{r.distance()},
                    Integrator.Listener.NONE).states()[0];
            return nusi.transport.MeanDelayBackend.meanDelayPerBin(op, state);
        }
    }

    /**
     * The delay distribution of the run's neutrinos: delay_distribution.csv, arrival_delay_per_bin.csv (against the
     * exact mean delay of the picture), delay_energy.csv/png/svg; for result.json its summary.
     */
    private static PropagationResults.DelayResult writeDelays(EnergyAngle plan, EnergyAngleRun.Result run,
                                                              ExactMoments.Moments em, Output out, Reporter report) {
        EnergyAngleRun.Plan p = plan.run();
        boolean threeD = p.deflection() == Deflection.THREE_D;
        boolean point = p.geometry() == Geometry.POINT;
        String picture = (threeD ? "3D" : "planar") + (point ? " point source" : " slab");
        double window = plan.delays().windowSeconds();
        int threads = p.backend().kind() == nusi.backends.Backends.Kind.CPU ? p.backend().threads()
                : Runtime.getRuntime().availableProcessors();
        DelayDistribution d;
        try (Reporter.StepProgress progress = report.steps("delay distribution", "sweeps")) {
            d = EnergyAngleRun.delayDistribution(p, run, plan.delays().nodes(), window, threads, progress);
        }
        double[] exactPerBin = threeD ? (point ? em.meanDelay3dPoint() : em.meanDelay3dSlab())
                : (point ? em.meanDelayPlanarPoint() : em.meanDelayPlanarSlab());
        // weighted as the grid's mean (the threshold bin by its share above), not over the bins wholly above
        double exactAbove = d.averageAboveThreshold(exactPerBin);
        DelayOutput.distributionTable(d).write(out.folder().resolve("delay_distribution.csv"));
        DelayOutput.perBinTable(d, run.result().initialCounts(), window, exactPerBin)
                .write(out.folder().resolve("arrival_delay_per_bin.csv"));
        DelayOutput.perBinAndDelayTable(d).write(out.folder().resolve("delay_energy.csv"));
        double f = d.fractionAboveThreshold();
        double unscattered = d.delayDistributionAboveThreshold()[0];
        DelayOutput.plot(out.folder(), d, String.format(Locale.ROOT, "Arrival delay against energy, %s, %s "
                + "(unscattered, not shown: %.3g of those above %.3g MeV)", picture, pointTitle(p.scenario()
                .mediator()), f > 0 ? unscattered / f : 0, p.scenario().threshold()));
        double within = d.fractionWithinWindow(window);
        report.line(String.format(Locale.ROOT, "delay distribution (%s, %s, %s): within %s s of the front %.4g "
                        + "per emitted neutrino above threshold (F = %.4g, unscattered %.4g); mean delay %.4g s (exact "
                        + "%.4g s); on the last node (>= %.3g s) %.4g; %.2f s", picture, d.delays(), d.integrator(),
                window, within, f, unscattered, d.meanDelayAboveThreshold(), exactAbove,
                d.delays().node(d.delays().nodes() - 1), d.atLastDelayNode(), d.seconds()));
        return new PropagationResults.DelayResult(picture, d.delays().nodes(), d.delays().node(1),
                d.delays().node(d.delays().nodes() - 1), window, f, within, unscattered, d.atLastDelayNode(),
                d.meanDelayAboveThreshold(), exactAbove, d.integrator(), d.backend(), d.seconds());
    }

    /** The exact moments of every picture per bin (moment chains of the run's channels, no angle grid). */
    private static ExactMoments.Moments exactMoments(EnergyAngle plan, EnergyAngleResult r, Mediator mediator,
                                                     RelicMedium medium, ResonantCrossSection xs, double threshold) {
        EnergyGrid eg = r.operator().energyGrid();
        int threads = Runtime.getRuntime().availableProcessors();
        double t = medium.crossingTimeSeconds();
        if (plan.run().channels() == Channels.S) {
            return ExactMoments.compute(EnergyOperator.build(eg, xs, medium.columnDensity()),
                    PhaseSpaceOperator.pairMeans(eg, xs, medium.neutrinoMass(), threads), r.initialCounts(), t,
                    threshold);
        }
        ChannelsCrossSection channels = new ChannelsCrossSection(mediator, medium.neutrinoMass(), plan.run().channels());
        return ExactMoments.compute(ChannelsEnergyOperator.build(eg, channels, medium.columnDensity()),
                PhaseSpaceOperator.pairMeans(eg, channels, medium.neutrinoMass(), threads), r.initialCounts(), t,
                threshold);
    }

    private static String pointTitle(Mediator mediator) {
        return String.format(Locale.ROOT, "log10(M/MeV) = %.2f, log10 g = %.2f", mediator.log10Mass(),
                mediator.log10Coupling());
    }

    /** Configuration derived from the plan, written next to it in config.json. */
    private static ObjectNode withDerived(ObjectNode cfg, Mediator mediator, ResonantCrossSection xs,
                                          RelicMedium medium) {
        ObjectNode derived = cfg.putObject("derived");
        derived.put("mediatorMassMeV", mediator.mass());
        derived.put("coupling", mediator.coupling());
        derived.put("resonanceEnergyMeV", xs.resonanceEnergy());
        derived.put("resonanceHalfWidthMeV", xs.resonanceHalfWidth());
        derived.put("columnDensityMeV2", medium.columnDensity());
        derived.put("targetDensityPerCm3", medium.targetDensityPerCm3());
        return derived;
    }
}
