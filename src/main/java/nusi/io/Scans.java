package nusi.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nusi.bounds.BoundPoint;
import nusi.bounds.CouplingSearch;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationBoundCurve;
import nusi.bounds.PropagationModel;
import nusi.bounds.TimingCriterion;

/**
 * The (M, g) scans behind Fig. 1 and Fig. 2, each point journaled by {@link ResumableScan} so that a killed
 * scan resumes where it stopped. Numbers are written with Java's shortest round-trip form, so files are
 * reproducible bit for bit.
 */
public final class Scans {
    private Scans() {
    }

    public static final String PROPAGATION_BOUND = "propagation_bound";
    public static final String TIMING_BOUND = "timing_bound";
    public static final String FRACTION_MAP = "fraction_map";
    public static final List<String> PROPAGATION_COLUMNS = List.of("log10_M_MeV", "M_MeV", "log10_g_bound",
            "g_bound", "status", "max_F_below_bound", "F_evaluations");
    public static final List<String> MAP_COLUMNS = List.of("log10_M_MeV", "log10_g", "F_above_threshold");
    public static final String FRACTION_MAP_2D = "fraction_map_2d";
    public static final List<String> MAP_2D_COLUMNS = List.of("log10_M_MeV", "log10_g", "F_above_threshold",
            "mean_angle_above_threshold_rad");

    /** Execution settings shared by the scans; shard k of n runs the points i with i mod n = k only. */
    public record Execution(Path directory, int threads, boolean resume, ResumableScan.Listener listener,
                            int stopAfter, int shard, int shards) {
        public Execution {
            if (threads < 1 || threads > 1024) {
                throw new nusi.physics.ParameterException(nusi.physics.Parameter.THREADS.token() + " must be in [1, 1024], got "
                        + threads);
            }
            if (listener == null) {
                listener = ResumableScan.Listener.NONE;
            }
        }

        public Execution(Path directory, int threads, boolean resume, ResumableScan.Listener listener, int stopAfter) {
            this(directory, threads, resume, listener, stopAfter, 0, 1);
        }

        public static Execution of(Path directory, int threads, boolean resume) {
            return new Execution(directory, threads, resume, ResumableScan.Listener.NONE, -1);
        }

        public Execution withListener(ResumableScan.Listener l) {
            return new Execution(directory, threads, resume, l, stopAfter, shard, shards);
        }

        public Execution withShard(int k, int n) {
            return new Execution(directory, threads, resume, listener, stopAfter, k, n);
        }

        public boolean sharded() {
            return shards > 1;
        }
    }

    /** A bound point as the columns of propagation_bound.csv (M and g* also linear, for readers). */
    static final ResumableScan.RowCodec<BoundPoint> BOUND_POINTS = new ResumableScan.RowCodec<>() {
        @Override
        public List<String> encode(BoundPoint b) {
            return List.of(num(b.log10Mass()), num(Math.pow(10, b.log10Mass())), num(b.log10Coupling()),
                    num(Math.pow(10, b.log10Coupling())), b.status().label(), num(b.maxFraction()),
                    Integer.toString(b.evaluations()));
        }

        @Override
        public BoundPoint decode(List<String> r) {
            return new BoundPoint(Double.parseDouble(r.get(0)), Double.parseDouble(r.get(2)),
                    BoundPoint.Status.valueOf(r.get(4).toUpperCase(Locale.ROOT).replace('-', '_')),
                    Double.parseDouble(r.get(5)), Integer.parseInt(r.get(6)));
        }
    };

    /**
     * One point of a map scan: F at (log10 M, log10 g), and for the energy-angle map the planar mean angle of the
     * neutrinos above threshold (NaN in the energy-only map, which has no such column).
     */
    public record MapPoint(double log10Mass, double log10Coupling, double fractionAboveThreshold,
                           double meanAngleAboveThresholdRad) {
    }

    /** A map point as the columns of fraction_map.csv (energy-only) or fraction_map_2d.csv (with the mean angle). */
    static ResumableScan.RowCodec<MapPoint> mapPoints(boolean withAngle) {
        return new ResumableScan.RowCodec<>() {
            @Override
            public List<String> encode(MapPoint m) {
                return withAngle
                        ? List.of(num(m.log10Mass()), num(m.log10Coupling()), num(m.fractionAboveThreshold()),
                            num(m.meanAngleAboveThresholdRad()))
                        : List.of(num(m.log10Mass()), num(m.log10Coupling()), num(m.fractionAboveThreshold()));
            }

            @Override
            public MapPoint decode(List<String> r) {
                return new MapPoint(Double.parseDouble(r.get(0)), Double.parseDouble(r.get(1)),
                        Double.parseDouble(r.get(2)), withAngle ? Double.parseDouble(r.get(3)) : Double.NaN);
            }
        };
    }

    /** The propagation bound g*(M) over a mass range, or null when stopped early (see stopAfter) or sharded. */
    public static PropagationBoundCurve propagationBound(PropagationModel model, CouplingSearch search,
                                                         LogRange masses, Execution ex) {
        return boundScan(PROPAGATION_BOUND, model, null, search, masses, ex, model::fractionAtMass);
    }

    /**
     * The delay-aware bound: per mass the smallest g at which fewer than the search's fraction arrive above threshold
     * within the criterion's window (its upper bound in the criterion's picture, {@link TimingCriterion}). Journaled
     * and resumable as the energy bound, in its own file.
     */
    public static PropagationBoundCurve timingBound(PropagationModel model, TimingCriterion criterion,
                                                    CouplingSearch search, LogRange masses, Execution ex) {
        return boundScan(TIMING_BOUND, model, criterion, search, masses, ex, logM -> logG -> criterion.searchValue(
                model, nusi.physics.Mediator.ofLog10(logM, logG, model.convention()), search.fraction()));
    }

    /** One coupling search per mass of the value log10 g -> fraction at that mass, journaled under {@code name}. */
    private static PropagationBoundCurve boundScan(String name, PropagationModel model, TimingCriterion criterion,
                                                   CouplingSearch search, LogRange masses, Execution ex,
                                                   java.util.function.DoubleFunction<java.util.function.DoubleUnaryOperator>
                                                           value) {
        ObjectNode p = Json.object();
        p.set("model", describe(model));
        if (criterion != null) {
            p.set("criterion", Json.mapper().valueToTree(criterion));
        }
        p.set("search", Json.mapper().valueToTree(search));
        p.set("masses", Json.mapper().valueToTree(masses));
        ResumableScan.Plan plan = new ResumableScan.Plan(ex.directory(), name, PROPAGATION_COLUMNS, p,
                masses.count(), ex.shard(), ex.shards());
        List<BoundPoint> points = ResumableScan.run(plan, BOUND_POINTS, i -> {
            double logM = masses.at(i);
            return search.search(logM, value.apply(logM));
        }, ex.threads(), ex.resume(), ex.listener(), ex.stopAfter());
        if (points == null || ex.sharded()) {
            return null;
        }
        return new PropagationBoundCurve(points, search);
    }

    /** F on a (log10 M, log10 g) grid; fraction[j][i] at coupling j, mass i. Null when stopped early. */
    public static FractionMap fractionMap(PropagationModel model, LogRange masses, LogRange couplings, Execution ex) {
        ObjectNode p = Json.object();
        p.set("model", describe(model));
        p.set("masses", Json.mapper().valueToTree(masses));
        p.set("couplings", Json.mapper().valueToTree(couplings));
        int n = masses.count() * couplings.count();
        ResumableScan.Plan plan = new ResumableScan.Plan(ex.directory(), FRACTION_MAP, MAP_COLUMNS, p, n, ex.shard(),
                ex.shards());
        List<MapPoint> points = ResumableScan.run(plan, mapPoints(false), k -> {
            double logM = masses.at(k % masses.count());
            double logG = couplings.at(k / masses.count());
            return new MapPoint(logM, logG, model.fractionAboveThreshold(logM, logG), Double.NaN);
        }, ex.threads(), ex.resume(), ex.listener(), ex.stopAfter());
        if (points == null || ex.sharded()) {
            return null;
        }
        return toFractionMap(points, masses, couplings);
    }

    /**
     * F and the planar mean angle of the neutrinos above threshold over a (log10 M, log10 g) grid from the
     * energy-angle solver (one propagation per point, {@code plans} giving each point's run, e.g. CRAM on a coarse
     * grid); the work of a cluster. Null when stopped early or sharded.
     *
     * @param solver the energy-angle settings, recorded with the scan's parameters (a resume must match them)
     */
    public static FractionMap fractionMap2d(PropagationModel model, LogRange masses, LogRange couplings,
                                            java.util.function.Function<nusi.physics.Mediator,
                                                    nusi.study.EnergyAngleRun.Plan> plans,
                                            com.fasterxml.jackson.databind.JsonNode solver, Execution ex) {
        ObjectNode p = Json.object();
        p.set("model", describe(model));
        p.set("masses", Json.mapper().valueToTree(masses));
        p.set("couplings", Json.mapper().valueToTree(couplings));
        p.set("energyAngleSolver", solver);
        int n = masses.count() * couplings.count();
        ResumableScan.Plan plan = new ResumableScan.Plan(ex.directory(), FRACTION_MAP_2D, MAP_2D_COLUMNS, p, n,
                ex.shard(), ex.shards());
        List<MapPoint> points = ResumableScan.run(plan, mapPoints(true), k -> {
            double logM = masses.at(k % masses.count());
            double logG = couplings.at(k / masses.count());
            nusi.transport.EnergyAngleResult r = nusi.study.EnergyAngleRun.run(
                    plans.apply(nusi.physics.Mediator.ofLog10(logM, logG, model.convention())),
                    nusi.transport.Integrator.Listener.NONE, d -> { }).result();
            return new MapPoint(logM, logG, r.fractionAboveThreshold(), r.meanAngleAboveThreshold());
        }, ex.threads(), ex.resume(), ex.listener(), ex.stopAfter());
        if (points == null || ex.sharded()) {
            return null;
        }
        return toFractionMap(points, masses, couplings);
    }

    /** A map scan's points, in index order, as fraction[j][i] at coupling j, mass i. */
    private static FractionMap toFractionMap(List<MapPoint> points, LogRange masses, LogRange couplings) {
        double[][] f = new double[couplings.count()][masses.count()];
        for (int k = 0; k < points.size(); k++) {
            f[k / masses.count()][k % masses.count()] = points.get(k).fractionAboveThreshold();
        }
        return new FractionMap(masses.values(), couplings.values(), f);
    }

    /** F over the plane; the excluded region is where F is below the fraction. */
    public record FractionMap(double[] log10Mass, double[] log10Coupling, double[][] fraction) {
    }

    static ObjectNode describe(PropagationModel model) {
        ObjectNode m = Json.object();
        m.put("energyBins", model.grid().bins());
        m.put("energyMinMeV", model.grid().minEnergy());
        m.put("energyMaxMeV", model.grid().maxEnergy());
        m.put("binsPerDecade", model.resolution().binsPerDecade());
        m.put("extrapolationLevels", model.resolution().extrapolationLevels());
        m.set("medium", Json.mapper().valueToTree(model.medium()));
        m.set("source", Json.mapper().valueToTree(model.source()));
        m.put("thresholdMeV", model.threshold());
        m.put("convention", model.convention().name().toLowerCase(Locale.ROOT));
        if (model.channels() != nusi.physics.Channels.S) {
            // only when not the paper's, so that journals of earlier s-channel scans still resume
            m.put("channels", model.channels().name().toLowerCase(Locale.ROOT));
        }
        if (model.relics() != null) {
            m.set("relicMassStates", Json.mapper().valueToTree(model.relics()));
        }
        return m;
    }

    static String num(double v) {
        return Double.toString(v);
    }
}
