package nusi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nusi.bounds.CoreModel;
import nusi.bounds.CouplingSearch;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationModel;
import nusi.io.ResumableScan;
import nusi.io.Scans;
import nusi.runs.Scan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The (M, g) scans: the propagation bound (Fig. 1), the F map, the core bound (Fig. 2), or all of them. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bounds over the (M, g) plane (Figs. 1 and 2). WHAT is one of:",
            "  propagation  g*(M) where F(M, g*) = --fraction (exact energy-only solver), propagation_bound.csv",
            "  map          F over a (log10 M, log10 g) grid with its F = --fraction contour, fraction_map.csv",
            "  core         N(2nu->4nu) over the plane and its N = 1 lines (Eqs. 2-7), core_map.csv, core_bound.csv",
            "  all          all three, and Fig. 1 with both excluded regions",
            "  merge        combine the finished shards (--shard K/N runs) in --out into what one run writes",
            "  submit       submit --kind propagation|map as --shards Slurm array tasks plus a merge job (--slurm)",
            "Every finished point is written to disk at once; an interrupted scan continues with --resume."})
public final class ScanCommand implements Callable<Integer> {
    /** What to scan. */
    public enum What { PROPAGATION, MAP, CORE, ALL, MERGE, SUBMIT }

    /** The propagation bound's criterion. */
    enum Criterion { ENERGY, TIMING }

    @Option(names = "--slurm", description = "submit: through Slurm's sbatch (the only scheduler so far).")
    boolean slurm;

    @Option(names = "--kind", paramLabel = "propagation|map", description = "submit: which scan.")
    String kind;

    @Option(names = "--shards", paramLabel = "N", description = "submit: array tasks, one shard each.")
    Integer shards;

    @Option(names = "--parallel", paramLabel = "P", description = "submit: at most P tasks at once (default: N).")
    Integer parallel;

    @Option(names = "--sbatch-option", paramLabel = "OPT",
            description = "submit: an option for sbatch, e.g. --sbatch-option=--partition=debug (repeatable).")
    List<String> sbatchOptions;

    @Option(names = "--dry-run", description = "submit: print the job scripts and the sbatch commands, submit nothing.")
    boolean dryRun;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "propagation, map: run only shard K of N (the points i with i mod N = K, K from 0), with "
                    + "its own journal and lock in --out; `scan merge --out DIR` combines the finished shards.")
    String shard;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "propagation, map, core or all.")
    What what;

    @Option(names = "--log-m-min", paramLabel = "LOG10_MEV",
            description = "Smallest log10(M/MeV) (default: -7).")
    Double logMMin;

    @Option(names = "--log-m-max", paramLabel = "LOG10_MEV",
            description = "Largest log10(M/MeV) (default: 0 for propagation and map, 5 for core).")
    Double logMMax;

    @Option(names = "--masses", paramLabel = "N",
            description = "Number of masses, evenly spaced in log10 M (default: 60 propagation, 36 map, 97 core).")
    Integer masses;

    @Option(names = "--log-g-min", paramLabel = "LOG10_G",
            description = "Smallest log10 g searched or mapped (default: -6; map: -4).")
    Double logGMin;

    @Option(names = "--log-g-max", paramLabel = "LOG10_G", defaultValue = "1",
            description = "Largest log10 g searched or mapped (default: ${DEFAULT-VALUE}, i.e. g = 10).")
    double logGMax;

    @Option(names = "--couplings", paramLabel = "N",
            description = "Number of couplings of the maps (default: 41 map, 57 core).")
    Integer couplings;

    @Option(names = "--fraction", paramLabel = "F", defaultValue = "0.01",
            description = "Excluded where F, the fraction above threshold at Earth, is below this (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--coarse-step", paramLabel = "DLOG10_G", defaultValue = "0.25",
            description = "Step of the upward walk in log10 g that brackets the crossing (default: ${DEFAULT-VALUE}).")
    double coarseStep;

    @Option(names = "--g-tolerance", paramLabel = "DLOG10_G", defaultValue = "0.005",
            description = "Tolerance of g* in log10 g (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--solver", paramLabel = "1d|2d", defaultValue = "1d", converter = PropagateCommand.SolverConverter.class,
            description = "propagation: 2d re-evaluates F at g* of the --check-masses with the energy-angle solver "
                    + "(grid: --energy-bins, --angle-bins) and reports the difference (default: ${DEFAULT-VALUE}, no check).")
    PropagateCommand.Solver solver;

    @Option(names = "--check-masses", paramLabel = "LOG10_MEV,...", split = ",",
            description = "With --solver 2d: the masses to re-evaluate (default: the lowest mass, the strongest bound and "
                    + "the last bounded mass).")
    double[] checkMasses;

    @Option(names = "--criterion", paramLabel = "energy|timing", defaultValue = "energy",
            converter = CriterionConverter.class,
            description = "propagation, all: energy excludes where F < --fraction (the paper); timing adds the bound "
                    + "where fewer than --fraction arrive above threshold within --window of the unscattered front "
                    + "(an upper bound of that fraction in the --picture; never weaker than energy) (default: "
                    + "${DEFAULT-VALUE}).")
    Criterion criterion;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --criterion timing: the arrival window after the unscattered front, s (default: "
                    + "${DEFAULT-VALUE}; SN 1987A's neutrinos arrived within ~13 s).")
    double window;

    @Option(names = "--picture", paramLabel = "3d-point|planar-point|3d-slab|planar-slab", defaultValue = "3d-point",
            converter = PictureConverter.class,
            description = "With --criterion timing: geometry and deflection of the delays, physics.md (default: "
                    + "${DEFAULT-VALUE}, the most physical; planar-slab is the paper's picture).")
    nusi.transport.ArrivalWindow.Picture picture;

    @Option(names = "--core-profile", paramLabel = "uniform|inverse-square", defaultValue = "uniform",
            converter = ProfileConverter.class,
            description = "Density profile of the decoupling region (default: ${DEFAULT-VALUE}, the paper's formulas read literally).")
    CoreModel.Profile coreProfile;

    @Option(names = "--resume", description = "Continue an interrupted scan in --out (same options required).")
    boolean resume;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/scan",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Mixin
    PhysicsOptions physics;

    @Mixin
    EnergyGridOptions energyGrid;

    @Mixin
    ConfigOption config;

    @Mixin
    TransportOptions transport;

    /** Shard K/N parsed and checked: {K, N}. */
    static int[] parseShard(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(text.trim());
        if (!m.matches()) {
            throw new UserError("--shard must be K/N with 0 <= K < N (e.g. 0/4), got '" + text + "'");
        }
        long k = Long.parseLong(m.group(1));
        long n = Long.parseLong(m.group(2));
        if (n < 1 || n > 100_000 || k >= n) {
            throw new UserError("--shard must be K/N with 0 <= K < N <= 100000, got '" + text + "'");
        }
        return new int[]{(int) k, (int) n};
    }

    /** Options of submit itself, not passed on to the shards. */
    static final java.util.Set<String> SUBMIT_ONLY = java.util.Set.of("--slurm", "--kind", "--shards", "--parallel",
            "--sbatch-option", "--dry-run", "--out", "--shard", "--resume", "--no-progress");

    private int submit(PrintWriter stdout) {
        if (!slurm) {
            throw new UserError("scan submit needs --slurm (the scheduler to submit to)");
        }
        if (kind == null || !(kind.equals("propagation") || kind.equals("map"))) {
            throw new UserError("--kind must be propagation or map for scan submit, got " + (kind == null ? "nothing"
                    : "'" + kind + "'"));
        }
        if (shards == null || shards < 1 || shards > 100_000) {
            throw new UserError("--shards must be in [1, 100000] for scan submit, got " + shards);
        }
        int p = parallel == null ? shards : parallel;
        if (p < 1) {
            throw new UserError("--parallel must be >= 1, got " + p);
        }
        OptionScope.requireApplicable(spec, solver != PropagateCommand.Solver.TWO_D || kind.equals("map"),
                "scan submit --kind map (the propagation scan's 2D check needs the whole curve)", "--solver");
        List<String> passOn = new java.util.ArrayList<>();
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (SUBMIT_ONLY.contains(o.longestName())) {
                continue;
            }
            if (o.arity().max() == 0) {
                passOn.add(o.longestName());
            } else {
                for (String v : o.originalStringValues()) {
                    passOn.add(o.longestName());
                    passOn.add(v);
                }
            }
        }
        OutputFolder.prepare(out);
        SlurmSubmission.submit(new SlurmSubmission.Plan(kind, passOn, out, shards, Math.min(p, shards),
                sbatchOptions == null ? List.of() : sbatchOptions), dryRun, stdout);
        return 0;
    }

    /** scan merge: the finished shards of each scan kind in --out combined (nusi.runs.Scan#merge). */
    private int merge(PrintWriter stdout) {
        OutputFolder.prepare(out);
        Scan.merge(out, new ProgressReporter(stdout, !noProgress));
        return 0;
    }

    @Override
    public Integer call() {
        if (what == What.MERGE) {
            return merge(spec.commandLine().getOut());
        }
        if (what == What.SUBMIT) {
            return submit(spec.commandLine().getOut());
        }
        OptionScope.requireApplicable(spec, false, "scan submit", "--slurm", "--kind", "--shards", "--parallel",
                "--sbatch-option", "--dry-run");
        int[] shardOf = shard == null ? new int[]{0, 1} : parseShard(shard);
        if (shard != null && !(what == What.MAP || what == What.PROPAGATION && solver != PropagateCommand.Solver.TWO_D)) {
            throw new UserError("--shard applies to scan map and to scan propagation with --solver 1d only");
        }
        OptionScope.requireApplicable(spec, solver == PropagateCommand.Solver.TWO_D, "--solver 2d",
                concat(OptionScope.ENERGY_ANGLE, "--check-masses"));
        PrintWriter stdout = spec.commandLine().getOut();
        OutputFolder.prepare(out);
        requireMediatorRanges();
        boolean threeStates = !physics.relicMasses.equalsIgnoreCase("one");
        OptionScope.requireApplicable(spec, threeStates, "--relic-masses three", "--mass-sum-ev", "--ordering",
                "--flavour");
        OptionScope.requireApplicable(spec, !threeStates, "--relic-masses one", "--neutrino-mass-ev");
        if (physics.channels == nusi.physics.Channels.STU && what == What.CORE) {
            throw new UserError("--channels stu applies to the propagation scans only");
        }
        if (threeStates && what == What.CORE) {
            throw new UserError("--relic-masses three applies to the propagation scans only");
        }
        boolean core = what == What.ALL || what == What.CORE;
        if (core && physics.convention() != nusi.physics.Mediator.Convention.PAPER) {
            throw new UserError("--convention " + physics.convention.name().toLowerCase(java.util.Locale.ROOT)
                    + " applies to the propagation scans only: the core bound's Eqs. 2-3 are in the paper's convention");
        }
        boolean timing = criterion == Criterion.TIMING;
        OptionScope.requireApplicable(spec, timing, "--criterion timing", "--window", "--picture");
        if (timing && !(what == What.PROPAGATION || what == What.ALL)) {
            throw new UserError("--criterion timing applies to scan propagation and scan all only");
        }
        if (timing && threeStates) {
            throw new UserError("--criterion timing applies to one relic species (--relic-masses one) only");
        }
        if (timing && shard != null) {
            throw new UserError("--criterion timing does not run in shards yet: scan without --shard");
        }
        nusi.bounds.TimingCriterion timingCriterion = timing ? new nusi.bounds.TimingCriterion(window, picture) : null;
        double threshold = physics.threshold();
        int nThreads = transport.threads != null ? transport.threads : Runtime.getRuntime().availableProcessors();
        Scans.Execution ex = new Scans.Execution(out, nThreads, resume, null, -1).withShard(shardOf[0], shardOf[1]);
        boolean all = what == What.ALL;
        PropagationModel model = null;
        Scan.PropagationBound bound = null;
        Scan.FractionMap map = null;
        if (all || what == What.PROPAGATION || what == What.MAP) {
            physics.requireChannelsApplicable();
            boolean stu = physics.channels == nusi.physics.Channels.STU;
            if (physics.convention().isDirac() && timing) {
                throw new UserError("--criterion timing with --convention lagrangian --dirac is not implemented (the "
                        + "in-window bracket is written for one transported species)");
            }
            if (stu && timing) {
                throw new UserError("--criterion timing with --channels stu is not implemented (the in-window "
                        + "bracket assumes the s-channel's flat dsig/dEf)");
            }
            model = new PropagationModel(energyGrid.resolution(threshold), physics.medium(), physics.source(),
                    threshold, physics.convention(), physics.relics(), physics.channels);
            if (model.relics() != null && solver == PropagateCommand.Solver.TWO_D) {
                throw new UserError("--relic-masses three applies to the energy-only solver (--solver 1d) only");
            }
            nusi.study.EnergyAngleRun.Recipe recipe = solver == PropagateCommand.Solver.TWO_D
                    ? transport.recipe(transport.energyGrid(1e-5, model.grid().maxEnergy()), transport.backendChoice(),
                            model.medium().distanceKpc()) : null;
            if (all || what == What.PROPAGATION) {
                CouplingSearch search = new CouplingSearch(
                        logGMin != null ? logGMin : -6, logGMax, coarseStep, tolerance, fraction);
                bound = new Scan.PropagationBound(search, massRange(-7, 0, 60), timingCriterion, recipe == null
                        ? null : new Scan.Check2d(recipe, checkMasses));
            }
            if (all || what == What.MAP) {
                map = new Scan.FractionMap(massRange(-7, 0, 36), LogRange.couplings(logGMin != null ? logGMin : -4,
                        logGMax, couplings != null ? couplings : 41), fraction, recipe);
            }
        }
        Scan.Core corePlan = all || what == What.CORE ? new Scan.Core(coreProfile, massRange(-7, 5, 97),
                LogRange.couplings(logGMin != null ? logGMin : -6, logGMax, couplings != null ? couplings : 57)) : null;
        Scan.Plan plan = new Scan.Plan(Scan.Kind.valueOf(what.name()), model, bound, map, corePlan, ex);
        // config.json: the options and the plan they make (scan merge finishes a sharded scan from the plan)
        com.fasterxml.jackson.databind.node.ObjectNode cfg = RunRecord.of(spec);
        cfg.set("plan", nusi.io.Json.mapper().valueToTree(plan));
        Scan.Result result = Scan.run(plan, new nusi.runs.Output(out, true, cfg), new ProgressReporter(stdout,
                !noProgress));
        if (result.shardOnly()) {
            stdout.println("  `scan merge --out " + out + "` when all shards are done");
        }
        return 0;
    }

    /** The same ranges of log10 M and log10 g as `propagate` accepts. */
    private void requireMediatorRanges() {
        if (logMMin != null) {
            nusi.physics.Validation.requireInRange("--log-m-min (log10 M/MeV)", logMMin, PropagateCommand.MIN_LOG10_MASS,
                    PropagateCommand.MAX_LOG10_MASS);
        }
        if (logMMax != null) {
            nusi.physics.Validation.requireInRange("--log-m-max (log10 M/MeV)", logMMax, PropagateCommand.MIN_LOG10_MASS,
                    PropagateCommand.MAX_LOG10_MASS);
        }
        if (logGMin != null) {
            nusi.physics.Validation.requireInRange("--log-g-min (log10 g)", logGMin, PropagateCommand.MIN_LOG10_COUPLING,
                    PropagateCommand.MAX_LOG10_COUPLING);
        }
        nusi.physics.Validation.requireInRange("--log-g-max (log10 g)", logGMax, PropagateCommand.MIN_LOG10_COUPLING,
                PropagateCommand.MAX_LOG10_COUPLING);
    }

    private LogRange massRange(double min, double max, int count) {
        return LogRange.masses(logMMin != null ? logMMin : min,
                logMMax != null ? logMMax : max, masses != null ? masses : count);
    }

    /** energy / timing. */
    static final class CriterionConverter implements picocli.CommandLine.ITypeConverter<Criterion> {
        @Override
        public Criterion convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "energy" -> Criterion.ENERGY;
                case "timing" -> Criterion.TIMING;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown criterion '" + value + "' (accepted: energy, timing)");
            };
        }
    }

    /** 3d-point / planar-point / 3d-slab / planar-slab. */
    static final class PictureConverter implements picocli.CommandLine.ITypeConverter<nusi.transport.ArrivalWindow.Picture> {
        @Override
        public nusi.transport.ArrivalWindow.Picture convert(String value) {
            // config.json records the enum's name (THREE_D_POINT): accepted too
            return switch (value.toLowerCase(Locale.ROOT).replace('_', '-').replace("three-d", "3d")) {
                case "3d-point" -> nusi.transport.ArrivalWindow.Picture.THREE_D_POINT;
                case "planar-point" -> nusi.transport.ArrivalWindow.Picture.PLANAR_POINT;
                case "3d-slab" -> nusi.transport.ArrivalWindow.Picture.THREE_D_SLAB;
                case "planar-slab" -> nusi.transport.ArrivalWindow.Picture.PLANAR_SLAB;
                default -> throw new picocli.CommandLine.TypeConversionException("unknown picture '" + value
                        + "' (accepted: 3d-point, planar-point, 3d-slab, planar-slab)");
            };
        }
    }

    /** uniform / inverse-square. */
    static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<CoreModel.Profile> {
        @Override
        public CoreModel.Profile convert(String value) {
            for (CoreModel.Profile p : CoreModel.Profile.values()) {
                if (p.label().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown profile '" + value
                    + "' (accepted: uniform, inverse-square)");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
