package nusi.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import nusi.backends.Backends;
import nusi.bounds.CoreModel;
import nusi.bounds.CouplingSearch;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationModel;
import nusi.bounds.TimingCriterion;
import nusi.grid.EnergyGrid;
import nusi.grid.EnergyResolution;
import nusi.io.BoundOutput;
import nusi.io.ReportWriter;
import nusi.io.Scans;
import nusi.physics.Channels;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.Scenario;
import nusi.study.EnergyAngleRun;
import nusi.transport.ArrivalWindow;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.Precision;

/**
 * The main job as typed plans: the paper's Fig. 3 (spectrum and energy-angle map at its point), Fig. 1 (propagation,
 * timing and core bounds, the F map, the bound under other models), Fig. 2 (core N map), and a report comparing the
 * numbers with the paper's. Each stage writes its folder with config.json (the stage's plan); earlier contents of
 * fig1, fig2 and fig3 are replaced. `reproduce` is the command-line face of this.
 */
public final class Reproduction {
    private Reproduction() {
    }

    /**
     * @param quick   coarse grids, for a smoke run
     * @param backend where the energy-angle solver of Fig. 3 runs (cpu or opencl)
     */
    public record Plan(Path out, boolean quick, Backends.Kind backend) {
        public Plan {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(backend, "backend");
        }
    }

    /** Runs every stage; returns report.md. */
    public static Path run(Plan plan, Reporter report) {
        Path out = plan.out();
        boolean quick = plan.quick();
        int cores = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        for (String d : new String[]{"fig1", "fig2", "fig3"}) {
            deleteRecursively(out.resolve(d));
        }
        stage(report, 1, "Fig. 3: spectrum and energy-angle distribution at the paper's point (energy-angle solver)");
        int bins = quick ? 48 : 256;
        int cells = quick ? 24 : 256;
        EnergyAngleRun.Plan fig3 = new EnergyAngleRun.Plan(Scenario.paperFig3(), EnergyGrid.logSpaced(1e-5, 300, bins),
                cells, 0.3, new Backends.Choice(plan.backend(), cores, null, Precision.FP64),
                EnergyAngleRun.IntegratorKind.CRAM, EnergyAngleSolver.Settings.defaults(), new double[]{1});
        Propagation.EnergyAngle fig3Plan = new Propagation.EnergyAngle(fig3, Propagation.Format.CSV,
                new Propagation.Moments(10));
        Propagation.run(fig3Plan, Output.describing(out.resolve("fig3"), true, "reproduce: Fig. 3", fig3Plan), report);
        // Beyond the paper: the same point on the grid in the most physical picture (3D deflections, the arrival angle
        // of a point source), next to its exact moment, with its arrival-delay distribution; a coarser grid, the point
        // source's 81 steps in x.
        EnergyAngleRun.Plan physical = new EnergyAngleRun.Plan(Scenario.paperFig3(), EnergyGrid.logSpaced(1e-5, 300,
                quick ? 32 : 64), quick ? 12 : 24, 1.0, Backends.Choice.cpu(cores), EnergyAngleRun.IntegratorKind.CRAM,
                EnergyAngleSolver.Settings.defaults(), new double[]{1}).withDeflection(nusi.physics.Deflection.THREE_D)
                .withGeometry(nusi.physics.Geometry.POINT, 0);
        Propagation.EnergyAngle physicalPlan = new Propagation.EnergyAngle(physical, Propagation.Format.CSV, null, true,
                new Propagation.Delays(quick ? 12 : 32, 10));
        Propagation.run(physicalPlan, Output.describing(out.resolve("fig3").resolve("3d_point"), true,
                "reproduce: Fig. 3 in the 3D point-source picture", physicalPlan), report);

        stage(report, 2, "Fig. 1: propagation bound (energy-only exact solver) and the delay-aware timing bound, F map, "
                + "core bound");
        Path fig1 = out.resolve("fig1");
        int masses = quick ? 12 : 60;
        CouplingSearch search = new CouplingSearch(-6, 1, 0.25, 0.005, 0.01);
        PropagationModel paper = model(RelicMedium.paperDefault(), Mediator.Convention.PAPER, null, Channels.S);
        Scan.Plan fig1Plan = new Scan.Plan(Scan.Kind.ALL, paper, new Scan.PropagationBound(search,
                LogRange.masses(-7, 0, masses), new TimingCriterion(10, ArrivalWindow.Picture.THREE_D_POINT), null),
                new Scan.FractionMap(LogRange.masses(-7, 0, quick ? 12 : 36), LogRange.couplings(-4, 1,
                        quick ? 10 : 41), 0.01, null),
                new Scan.Core(CoreModel.Profile.UNIFORM, LogRange.masses(-7, 5, quick ? 12 : 97),
                        LogRange.couplings(-6, 1, quick ? 10 : 57)), execution(fig1, cores));
        scan(fig1Plan, "reproduce: Fig. 1", report);
        // The paper's ordering (propagation weaker than core) is met with one relic species as targets: a check.
        RelicMedium paperMedium = RelicMedium.paperDefault();
        propagationScan(fig1.resolve("relic56"), model(new RelicMedium(paperMedium.neutrinoMass(), 56,
                false, paperMedium.distanceKpc(), true), Mediator.Convention.PAPER, null, Channels.S), search,
                LogRange.masses(-7, -3, 3), cores, "reproduce: Fig. 1, 56 relic targets per cm^3", report);
        // Beyond the paper: the same bound with three relic mass states (normal ordering, 0.1 eV, coupled to nu_e).
        propagationScan(fig1.resolve("three_states"), model(withDensity(paperMedium, 330.0 / 3),
                Mediator.Convention.PAPER, MassStates.three(0.1, MassStates.Ordering.NORMAL, MassStates.Flavour.E),
                Channels.S), search, LogRange.masses(-7, 0, masses), cores, "reproduce: Fig. 1, three mass states",
                report);
        // Beyond the paper: nuSIprop's convention, its s-channel alone and with the t- and u-channels.
        RelicMedium perHelicity = withDensity(paperMedium,
                nusi.physics.PhysicalConstants.NUSIPROP_DENSITY_PER_STATE_PER_CM3);
        propagationScan(fig1.resolve("lagrangian_s"), model(perHelicity, Mediator.Convention.LAGRANGIAN, null,
                Channels.S), search, LogRange.masses(-7, 0, masses), cores, "reproduce: Fig. 1, nuSIprop's s-channel",
                report);
        propagationScan(fig1.resolve("lagrangian_stu"), model(perHelicity, Mediator.Convention.LAGRANGIAN, null,
                Channels.STU), search, LogRange.masses(-7, 0, masses), cores, "reproduce: Fig. 1, s-, t- and u-channels",
                report);
        // Dirac neutrinos in the Lagrangian, all channels: two transported species (docs/channels.md).
        propagationScan(fig1.resolve("dirac_stu"), model(perHelicity, Mediator.Convention.LAGRANGIAN_DIRAC, null,
                Channels.STU), search, LogRange.masses(-7, 0, masses), cores,
                "reproduce: Fig. 1, Dirac with s-, t- and u-channels", report);
        // The fullest model: every channel and the three mass states together.
        propagationScan(fig1.resolve("fullest"), model(perHelicity, Mediator.Convention.LAGRANGIAN,
                MassStates.three(0.1, MassStates.Ordering.NORMAL, MassStates.Flavour.E), Channels.STU), search,
                LogRange.masses(-7, 0, masses), cores, "reproduce: Fig. 1, the fullest model", report);
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("paper's model: one species, 330 cm^-3", fig1.resolve("propagation_bound.csv"));
        models.put("three mass states (normal, sum 0.1 eV, nu_e), 110 cm^-3 each",
                fig1.resolve("three_states").resolve("propagation_bound.csv"));
        String sOnly = "nuSIprop's s-channel: 56.65 cm^-3 per helicity (g_lagrangian / 2)";
        String stu = "s-, t- and u-channels, 56.65 cm^-3 per helicity (g_lagrangian / 2)";
        models.put(sOnly, fig1.resolve("lagrangian_s").resolve("propagation_bound.csv"));
        models.put(stu, fig1.resolve("lagrangian_stu").resolve("propagation_bound.csv"));
        String full = "fullest: s-, t-, u-channels and three mass states, 56.65 cm^-3 each (g_lagrangian / 2)";
        models.put(full, fig1.resolve("fullest").resolve("propagation_bound.csv"));
        String dirac = "Dirac, s-, t- and u-channels: 56.65 cm^-3 each of relic nu and nubar (g_lagrangian / 2)";
        models.put(dirac, fig1.resolve("dirac_stu").resolve("propagation_bound.csv"));
        BoundOutput.writeModelComparison(fig1, models, Map.of(sOnly, -Math.log10(2), stu, -Math.log10(2), full,
                -Math.log10(2), dirac, -Math.log10(2)));

        stage(report, 3, "Fig. 2: core 2nu -> 4nu map, default and conservative cases");
        Scan.Plan fig2 = new Scan.Plan(Scan.Kind.CORE, null, null, null, new Scan.Core(CoreModel.Profile.UNIFORM,
                LogRange.masses(-7, 5, quick ? 25 : 97), LogRange.couplings(-6, 1, quick ? 15 : 57)),
                execution(out.resolve("fig2"), cores));
        scan(fig2, "reproduce: Fig. 2", report);

        String header = String.format(Locale.ROOT, "Run: %s mode, energy-angle backend %s, %d s on %d cores "
                        + "(Java %s). Configuration of each stage: `config.json` in its folder.",
                quick ? "quick (coarse grids: a smoke run, not the paper's resolution)" : "full", plan.backend().label(),
                Math.round((System.nanoTime() - t0) * 1e-9), cores, System.getProperty("java.version"));
        ReportWriter.write(out, header);
        return out.resolve("report.md");
    }

    private static PropagationModel model(RelicMedium medium, Mediator.Convention convention, MassStates relics,
                                          Channels channels) {
        return new PropagationModel(EnergyResolution.defaults(), medium, PinchedSpectrum.paperDefault(), 5.0,
                convention, relics, channels);
    }

    private static RelicMedium withDensity(RelicMedium m, double perCm3) {
        return new RelicMedium(m.neutrinoMass(), perCm3, m.dirac(), m.distanceKpc(), m.secantFactor());
    }

    private static Scans.Execution execution(Path folder, int cores) {
        return Scans.Execution.of(folder, cores, false);
    }

    private static void propagationScan(Path folder, PropagationModel model, CouplingSearch search, LogRange masses,
                                        int cores, String command, Reporter report) {
        scan(new Scan.Plan(Scan.Kind.PROPAGATION, model, new Scan.PropagationBound(search, masses, null, null), null,
                null, execution(folder, cores)), command, report);
    }

    private static void scan(Scan.Plan plan, String command, Reporter report) {
        Path folder = plan.execution().directory();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        Scan.run(plan, Output.describing(folder, true, command, plan), report);
    }

    private static void stage(Reporter report, int k, String what) {
        report.line(String.format(Locale.ROOT, "[%d/3] %s", k, what));
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
