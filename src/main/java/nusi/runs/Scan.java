package nusi.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import nusi.bounds.BoundPoint;
import nusi.bounds.CoreModel;
import nusi.bounds.CouplingSearch;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationBoundCurve;
import nusi.bounds.PropagationModel;
import nusi.bounds.TimingCriterion;
import nusi.io.BoundOutput;
import nusi.io.CsvTable;
import nusi.io.Json;
import nusi.io.ScanSummaries;
import nusi.io.Scans;
import nusi.physics.Scenario;
import nusi.study.BoundCheck2d;
import nusi.study.EnergyAngleRun;

/**
 * A scan of the (M, g) plane into one folder, as a typed plan: the propagation bound (Fig. 1; with the timing bound
 * and the energy-angle check if asked), the F map, the core bound (Fig. 2), or all of them with Fig. 1's both
 * regions. Every point is journaled at once (resumable, locked); summary.json keeps one section per scan kind and
 * config_KIND.json its configuration. `scan` is the command-line face of this.
 */
public final class Scan {
    private Scan() {
    }

    /** What a scan computes; its name keys config_KIND.json. */
    public enum Kind { PROPAGATION, MAP, CORE, ALL;
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The propagation bound g*(M).
     *
     * @param timing the delay-aware bound too, or null
     * @param check  F at g* of some masses re-evaluated with the energy-angle solver, or null
     */
    public record PropagationBound(CouplingSearch search, LogRange masses, TimingCriterion timing, Check2d check) {
        public PropagationBound {
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(masses, "masses");
        }
    }

    /** @param masses log10 M/MeV to check, or null: the lowest, the strongest and the last bounded mass */
    public record Check2d(EnergyAngleRun.Recipe recipe, double[] masses) {
        public Check2d {
            Objects.requireNonNull(recipe, "recipe");
            masses = masses == null ? null : masses.clone();
        }
    }

    /**
     * F over a grid of (log10 M, log10 g) with its F = {@code contour} line; {@code energyAngle} null: the
     * energy-only solver.
     */
    public record FractionMap(LogRange masses, LogRange couplings, double contour, EnergyAngleRun.Recipe energyAngle) {
        public FractionMap {
            Objects.requireNonNull(masses, "masses");
            Objects.requireNonNull(couplings, "couplings");
        }
    }

    /** The core bound's N(2nu -> 4nu) map and lines, for the paper's default and conservative cases. */
    public record Core(CoreModel.Profile profile, LogRange masses, LogRange couplings) {
        public Core {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(masses, "masses");
            Objects.requireNonNull(couplings, "couplings");
        }
    }

    /**
     * @param model       the propagation model (null for a core-only scan)
     * @param propagation with {@link Kind#PROPAGATION} and {@link Kind#ALL}
     * @param map         with {@link Kind#MAP} and {@link Kind#ALL}
     * @param core        with {@link Kind#CORE} and {@link Kind#ALL}
     * @param execution   folder, threads, resume, shard
     * @param progress    whether to show progress
     */
    public record Plan(Kind kind, PropagationModel model, PropagationBound propagation, FractionMap map, Core core,
                       Scans.Execution execution) {
        public Plan {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(execution, "execution");
            boolean all = kind == Kind.ALL;
            require(all || kind == Kind.PROPAGATION, propagation, "propagation");
            require(all || kind == Kind.MAP, map, "map");
            require(all || kind == Kind.CORE, core, "core");
            if ((propagation != null || map != null) && model == null) {
                throw new IllegalArgumentException("a propagation scan needs its model");
            }
        }

        private static void require(boolean wanted, Object part, String name) {
            if (wanted != (part != null)) {
                throw new IllegalArgumentException("scan " + (wanted ? "needs" : "does not take") + " its " + name
                        + " part");
            }
        }
    }

    /** What a scan found: each part null where it was not scanned, or where a shard leaves it to the merge. */
    public record Result(PropagationBoundCurve propagationBound, PropagationBoundCurve timingBound,
                         Scans.FractionMap fractionMap, List<CoreModel> core, boolean shardOnly) {
    }

    /**
     * Runs the plan into its folder. {@code output} carries the configuration (config_KIND.json, config.json; a shard
     * its config_KIND.shard-K-of-N.json); its folder is the execution's.
     */
    public static Result run(Plan plan, Output output, Reporter report) {
        Path out = plan.execution().directory();
        if (!output.folder().equals(out)) {
            throw new IllegalArgumentException("the output folder " + output.folder() + " is not the scan's " + out);
        }
        Scans.Execution ex = plan.execution();
        ObjectNode cfg = output.configurationCopy();
        ObjectNode summary = Json.object();
        boolean all = plan.kind() == Kind.ALL;
        PropagationModel model = plan.model();
        PropagationBoundCurve curve = null;
        PropagationBoundCurve timingCurve = null;
        Scans.FractionMap fm = null;
        if (plan.propagation() != null) {
            PropagationBound pb = plan.propagation();
            long t0 = System.nanoTime();
            try (Reporter.ScanProgress p = report.scan("propagation bound")) {
                curve = Scans.propagationBound(model, pb.search(), pb.masses(), ex.withListener(p));
            }
            if (ex.sharded()) {
                return finishShard(report, out, cfg, "propagation", Scans.PROPAGATION_BOUND, ex);
            }
            double s = (System.nanoTime() - t0) * 1e-9;
            summary.set("propagation", Json.mapper().valueToTree(ScanSummaries.Bound.of(curve, s)));
            printPropagation(report, out, curve, s);
            if (pb.timing() != null) {
                long tt = System.nanoTime();
                try (Reporter.ScanProgress p = report.scan("timing bound")) {
                    timingCurve = Scans.timingBound(model, pb.timing(), pb.search(), pb.masses(), ex.withListener(p));
                }
                double st = (System.nanoTime() - tt) * 1e-9;
                summary.set("timing", Json.mapper().valueToTree(new ScanSummaries.Timing(
                        ScanSummaries.Bound.of(timingCurve, st), pb.timing().windowSeconds(),
                        pb.timing().picture().label(), neverWeaker(curve, timingCurve, pb.search().tolerance()))));
                printTiming(report, out, curve, timingCurve, pb.timing(), st);
                if (!all) {
                    BoundOutput.writeFig1(out, curve, timingCurve, timingLabel(pb.timing(), pb.search(), model), pb.masses().values(),
                            List.of(), "timing_bound.png");
                }
            }
            if (pb.check() != null) {
                summary.set("check2d", check2d(curve, pb.check(), model, out, report));
            }
        }
        if (plan.map() != null) {
            FractionMap fmPlan = plan.map();
            LogRange m = fmPlan.masses();
            LogRange g = fmPlan.couplings();
            long t0 = System.nanoTime();
            boolean energyAngle = fmPlan.energyAngle() != null;
            try (Reporter.ScanProgress p = report.scan(energyAngle ? "F map (2d)" : "F map")) {
                if (energyAngle) {
                    // One energy-angle propagation per point, the points spread over the scan's threads.
                    EnergyAngleRun.Recipe one = fmPlan.energyAngle().withBackend(
                            fmPlan.energyAngle().backend().withThreads(1));
                    fm = Scans.fractionMap2d(model, m, g, mediator -> one.plan(new Scenario(mediator, model.medium(),
                            model.source(), model.threshold())), describe(fmPlan.energyAngle()), ex.withListener(p));
                } else {
                    fm = Scans.fractionMap(model, m, g, ex.withListener(p));
                }
            }
            String name = energyAngle ? Scans.FRACTION_MAP_2D : Scans.FRACTION_MAP;
            if (ex.sharded()) {
                return finishShard(report, out, cfg, "map", name, ex);
            }
            BoundOutput.writeFractionMap(out, fm, fmPlan.contour(), name, energyAngle
                    ? "Fraction above threshold at Earth, energy-angle solver" : "Fraction of neutrinos above "
                    + "threshold at Earth");
            double s = (System.nanoTime() - t0) * 1e-9;
            report.line(String.format(Locale.ROOT, "F map%s: %d x %d points in %.1f s -> %s", energyAngle ? " (2d)" : "",
                    m.count(), g.count(), s, out.resolve(name + ".csv")));
            summary.put(energyAngle ? "map2dSeconds" : "mapSeconds", s);
        }
        List<CoreModel> models = null;
        if (plan.core() != null) {
            Core c = plan.core();
            models = List.of(CoreModel.paperDefault(c.profile()), CoreModel.conservative(c.profile()));
            long t0 = System.nanoTime();
            BoundOutput.coreBoundTable(c.masses().values(), models).write(out.resolve("core_bound.csv"));
            BoundOutput.writeFig2(out, c.masses(), c.couplings(), models);
            double s = (System.nanoTime() - t0) * 1e-9;
            double log10gMax = c.couplings().max();
            summary.set("core", coreSummary(models, log10gMax, s));
            printCore(report, models, log10gMax, s);
            if (all) {
                BoundOutput.writeFig1(out, curve, timingCurve, timingCurve != null
                        ? timingLabel(plan.propagation().timing(), plan.propagation().search(), model) : null, c.masses().values(), models,
                        "fig1_bounds.png");
                report.line("Fig. 1 (both excluded regions): " + out.resolve("fig1_bounds.png"));
            }
        }
        // Each scan kind keeps its own configuration and its own section of summary.json: `scan map` into a folder
        // of `scan propagation` adds to it instead of overwriting it. config.json is the latest run's.
        Json.write(out.resolve("config_" + plan.kind().key() + ".json"), cfg);
        Json.write(out.resolve("config.json"), cfg);
        Path summaryFile = out.resolve("summary.json");
        ObjectNode merged = Json.object();
        if (Files.exists(summaryFile)) {
            try {
                if (Json.read(summaryFile) instanceof ObjectNode old) {
                    merged = old;
                }
            } catch (RuntimeException e) {
                // An unreadable old summary is replaced, not merged (this run's sections are complete).
                merged = Json.object();
            }
        }
        merged.setAll(summary);
        Json.write(summaryFile, merged);
        report.line("wrote " + out.toAbsolutePath().normalize());
        return new Result(curve, timingCurve, fm, models, false);
    }

    /**
     * {@code scan merge}: the finished shards of each scan kind in {@code out} combined, then finished as one resumed
     * run of the plan recorded in shard 0's configuration (nothing recomputed): the same files as one run. Returns
     * how many kinds were merged.
     */
    public static int merge(Path out, Reporter report) {
        int merged = 0;
        String[][] kinds = {{Scans.PROPAGATION_BOUND, "propagation"}, {Scans.FRACTION_MAP, "map"},
            {Scans.FRACTION_MAP_2D, "map"}};
        for (String[] kind : kinds) {
            int n = nusi.io.ResumableScan.shardsIn(out, kind[0]);
            if (n == 0) {
                continue;
            }
            List<String> columns = kind[0].equals(Scans.PROPAGATION_BOUND) ? Scans.PROPAGATION_COLUMNS
                    : kind[0].equals(Scans.FRACTION_MAP) ? Scans.MAP_COLUMNS : Scans.MAP_2D_COLUMNS;
            nusi.io.ResumableScan.merge(out, kind[0], columns, n);
            report.line(String.format(Locale.ROOT, "merged %d shards of %s -> %s", n, kind[0],
                    out.resolve(kind[0] + ".csv")));
            Path config = out.resolve("config_" + kind[1] + ".shard-0-of-" + n + ".json");
            if (!Files.exists(config)) {
                throw new IllegalArgumentException("scan merge: " + config + " (shard 0's configuration) is missing");
            }
            ObjectNode cfg = (ObjectNode) Json.read(config);
            Plan shard;
            try {
                shard = Json.mapper().treeToValue(cfg.get("plan"), Plan.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException("scan merge: " + config + " records no readable scan plan: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            Scans.Execution whole = new Scans.Execution(out, shard.execution().threads(), true, null, -1);
            Plan plan = new Plan(shard.kind(), shard.model(), shard.propagation(), shard.map(), shard.core(), whole);
            cfg.set("plan", Json.mapper().valueToTree(plan));
            if (cfg.get("options") instanceof ObjectNode options) {
                options.putNull("shard");
                options.put("resume", true);
            }
            run(plan, new Output(out, true, cfg), report);
            merged++;
        }
        if (merged == 0) {
            throw new IllegalArgumentException("scan merge: no shards (NAME.shard-K-of-N.csv) in " + out);
        }
        return merged;
    }

    /** A shard writes its configuration and nothing that needs the whole scan (summary, figures). */
    private static Result finishShard(Reporter report, Path out, ObjectNode cfg, String kind, String name,
                                      Scans.Execution ex) {
        String of = ".shard-" + ex.shard() + "-of-" + ex.shards();
        Json.write(out.resolve("config_" + kind + of + ".json"), cfg);
        report.line(String.format(Locale.ROOT, "shard %d/%d of %s finished -> %s", ex.shard(), ex.shards(), name,
                out.resolve(name + of + ".csv")));
        return new Result(null, null, null, null, true);
    }

    /** The 2D check's points onto the report and propagation_2d_check.csv; its summary section. */
    private static ArrayNode check2d(PropagationBoundCurve curve, Check2d check, PropagationModel model, Path out,
                                     Reporter report) {
        ArrayNode results = Json.mapper().createArrayNode();
        CsvTable table = new CsvTable("log10_M_MeV", "log10_g", "F_1d_same_energy_grid", "F_2d", "relative_difference",
                "error_estimate", "mean_angle_above_threshold_rad", "seconds_2d");
        for (BoundCheck2d.Point p : BoundCheck2d.run(curve, check.masses(), model, check.recipe().energyGrid(),
                check.recipe()::plan)) {
            if (p.skipped()) {
                report.line(String.format(Locale.ROOT, "  2d check at log10 M = %.3f skipped: no bound there",
                        p.log10Mass()));
                continue;
            }
            table.add(p.log10Mass(), p.log10Coupling(), p.fractionEnergyOnly(), p.fractionEnergyAngle(),
                    p.relativeDifference(), p.errorEstimate(), p.meanAngleAboveThresholdRad(), p.seconds());
            results.add(Json.mapper().valueToTree(new ScanSummaries.Check2d(p.log10Mass(), p.log10Coupling(),
                    p.fractionEnergyOnly(), p.fractionEnergyAngle(), p.relativeDifference(), p.errorEstimate(),
                    p.integrator())));
            report.line(String.format(Locale.ROOT, "  2d check at log10 M = %.3f, log10 g* = %.3f: F_2d = %.5e, F_1d = "
                            + "%.5e (same %d-bin energy grid), difference %.2e (%s, error estimate %.1e), %.1f s",
                    p.log10Mass(), p.log10Coupling(), p.fractionEnergyAngle(), p.fractionEnergyOnly(), p.energyBins(),
                    p.relativeDifference(), p.integrator(), p.errorEstimate(), p.seconds()));
        }
        table.write(out.resolve("propagation_2d_check.csv"));
        return results;
    }

    /** The energy-angle settings as recorded with the 2D map's parameters (a resume must match them). */
    static ObjectNode describe(EnergyAngleRun.Recipe r) {
        ObjectNode o = Json.object();
        o.put("energyBins", r.energyGrid().bins());
        o.put("energyMinMeV", r.energyGrid().minEnergy());
        o.put("energyMaxMeV", r.energyGrid().maxEnergy());
        o.put("angleCells", r.angleCells());
        o.put("thetaMaxRad", r.maxAngle());
        o.put("integrator", r.integrator().name().toLowerCase(Locale.ROOT));
        if (r.integrator() == EnergyAngleRun.IntegratorKind.TRBDF2) {
            o.put("tolerance", r.steps().tolerance());
        }
        o.put("backend", r.backend().kind().label());
        o.put("precision", r.backend().precision().label());
        return o;
    }

    static ObjectNode coreSummary(List<CoreModel> models, double log10gMax, double seconds) {
        ObjectNode o = Json.object();
        for (CoreModel c : models) {
            o.set(c.key(), Json.mapper().valueToTree(ScanSummaries.Core.of(c, log10gMax)));
        }
        o.put("log10gMax", log10gMax);
        o.put("seconds", seconds);
        return o;
    }

    private static void printPropagation(Reporter report, Path out, PropagationBoundCurve c, double s) {
        BoundPoint low = c.lowestMass();
        report.line(String.format(Locale.ROOT, "propagation bound (F < %s excluded), %d masses in %.1f s -> %s",
                c.search().fraction(), c.points().size(), s, out.resolve("propagation_bound.csv")));
        report.line(String.format(Locale.ROOT, "  lowest mass log10 M = %.2f: %s", low.log10Mass(),
                low.status() == BoundPoint.Status.BOUNDED ? String.format(Locale.ROOT, "log10 g* = %.3f",
                        low.log10Coupling()) : low.status().label()));
        BoundPoint best = c.strongest();
        if (best != null) {
            // a dip only where the strongest point is not the flat region's start (all channels: it is)
            boolean dip = best.log10Coupling() < low.log10Coupling() - c.search().tolerance();
            report.line(String.format(Locale.ROOT, "  strongest: log10 g* = %.3f at log10 M = %.2f%s",
                    best.log10Coupling(), best.log10Mass(), dip ? " (resonance dip)" : ""));
        }
        BoundPoint last = c.lastBounded();
        BoundPoint first = c.firstUnbounded();
        if (first != null && last != null) {
            report.line(String.format(Locale.ROOT, "  ends between log10 M = %.2f (g* = 10^%.2f) and %.2f: no g <= "
                            + "10^%.2f gives F < %s (the resonance E = M^2/2m has left the spectrum and sigma ~ g^4 E m "
                            + "/ M^4 needs g ~ M)", last.log10Mass(), last.log10Coupling(), first.log10Mass(),
                    c.search().log10gMax(), c.search().fraction()));
        }
    }

    /** Legend of the timing curve: the window and the picture it assumes. */
    static String timingLabel(TimingCriterion c, CouplingSearch search, PropagationModel model) {
        return String.format(Locale.ROOT, "SN 1987A timing (< %s above %s MeV within %s s, %s)", search.fraction(),
                model.threshold(), c.windowSeconds(), c.picture().label());
    }

    /** Per mass, the timing bound at or below the energy bound (to the search tolerance), where both exist. */
    static boolean neverWeaker(PropagationBoundCurve energy, PropagationBoundCurve timing, double tolerance) {
        for (int i = 0; i < energy.points().size(); i++) {
            BoundPoint e = energy.points().get(i);
            BoundPoint t = timing.points().get(i);
            if (e.status() == BoundPoint.Status.BOUNDED && !(t.status() == BoundPoint.Status.BOUNDED
                    && t.log10Coupling() <= e.log10Coupling() + 2 * tolerance
                    || t.status() == BoundPoint.Status.EXCLUDED_AT_MINIMUM)) {
                return false;
            }
        }
        return true;
    }

    private static void printTiming(Reporter report, Path out, PropagationBoundCurve energy,
                                    PropagationBoundCurve timing, TimingCriterion c, double s) {
        report.line(String.format(Locale.ROOT, "timing bound (fewer than %s arrive above threshold within %s s, %s), "
                        + "%d masses in %.1f s -> %s", timing.search().fraction(), c.windowSeconds(),
                c.picture().label(), timing.points().size(), s, out.resolve(Scans.TIMING_BOUND + ".csv")));
        BoundPoint best = timing.strongest();
        if (best != null) {
            report.line(String.format(Locale.ROOT, "  strongest: log10 g* = %.3f at log10 M = %.2f",
                    best.log10Coupling(), best.log10Mass()));
        }
        double most = 0;
        double at = Double.NaN;
        for (int i = 0; i < energy.points().size(); i++) {
            BoundPoint e = energy.points().get(i);
            BoundPoint t = timing.points().get(i);
            if (e.status() == BoundPoint.Status.BOUNDED && t.status() == BoundPoint.Status.BOUNDED
                    && e.log10Coupling() - t.log10Coupling() > most) {
                most = e.log10Coupling() - t.log10Coupling();
                at = e.log10Mass();
            }
        }
        report.line(String.format(Locale.ROOT, "  stronger than the energy bound by up to %.3f in log10 g (at log10 M "
                + "= %.2f)", most, at));
    }

    private static void printCore(Reporter report, List<CoreModel> models, double log10gMax, double s) {
        report.line(String.format(Locale.ROOT, "core bound (N(2nu->4nu) >= 1 excluded), %.2f s", s));
        for (CoreModel c : models) {
            report.line(String.format(Locale.ROOT, "  %s, %s profile: log10 g* = %.3f for M << 2<E>, ends at log10 M = "
                            + "%.2f (g* = 10^%.1f)", c.name(), c.profile().label(), c.boundLog10Coupling(1e-3),
                    c.maximumExcludedLog10Mass(log10gMax), log10gMax));
        }
    }
}
