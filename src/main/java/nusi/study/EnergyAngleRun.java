package nusi.study;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Channels;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Deflection;
import nusi.physics.Geometry;
import nusi.physics.ResonantCrossSection;
import nusi.physics.Scenario;
import nusi.backends.Backends;
import nusi.transport.CramIntegrator;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.Integrator;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;

/**
 * An energy-angle run as a typed plan: build the Eq. 8 operator of a scenario on an energy grid and the fitted
 * angle grid, propagate the emitted spectrum with the chosen backend and integrator to one or more distances.
 * Used by `propagate --solver 2d`, the scan's 2D check and the main job; usable from Java without the CLI.
 */
public final class EnergyAngleRun {
    private EnergyAngleRun() {
    }

    /** How to integrate in r. */
    public enum IntegratorKind { CRAM, TRBDF2 }

    /**
     * @param angleCells    K, including the outflow cell
     * @param maxAngle      the last angle node, rad
     * @param steps         TR-BDF2's settings (ignored by CRAM)
     * @param distances     x = r/D to propagate to, increasing, ending with 1 (D itself)
     * @param channels      the s-channel alone (the paper; null reads as it) or all channels (Lagrangian convention)
     * @param deflection    planar addition (the paper; null reads as it) or 3D with a random azimuth (cpu backend)
     * @param geometry      the slab (the paper; null reads as it) or a point source (the arrival angle; CRAM on
     *                      {@link EnergyAngleSolver#pointSourceSteps}, 1/cos off, one distance)
     * @param pointSteps    the point source's equal steps in x between its graded ends (0: the default, 32)
     * @param relics        null: one relic species (the scenario's); else several mass states (the medium's density
     *                      per state; planar slab, CRAM)
     */
    public record Plan(Scenario scenario, EnergyGrid energyGrid, int angleCells, double maxAngle,
                       Backends.Choice backend, IntegratorKind integrator, EnergyAngleSolver.Settings steps,
                       double[] distances, Channels channels, Deflection deflection, Geometry geometry,
                       int pointSteps, nusi.physics.MassStates relics) {
        /** The point source's default equal steps: its mean arrival angles within 2e-3 at the Fig. 3 point. */
        public static final int DEFAULT_POINT_STEPS = 32;

        public Plan {
            Objects.requireNonNull(scenario, "scenario");
            channels = channels == null ? Channels.S : channels;
            deflection = deflection == null ? Deflection.PLANAR : deflection;
            geometry = geometry == null ? Geometry.SLAB : geometry;
            pointSteps = pointSteps == 0 ? DEFAULT_POINT_STEPS : pointSteps;
            if (pointSteps < 2 || pointSteps > 100_000) {
                throw new nusi.physics.ParameterException("steps in x of the point source must be in [2, 100000], got "
                        + pointSteps);
            }
            Objects.requireNonNull(energyGrid, "energyGrid");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(integrator, "integrator");
            Objects.requireNonNull(steps, "steps");
            distances = distances.clone();
            if (distances.length == 0 || distances[distances.length - 1] != 1.0) {
                throw new IllegalArgumentException("distances must end with x = 1 (the distance D of the medium)");
            }
            if (relics != null && (geometry != Geometry.SLAB || deflection != Deflection.PLANAR
                    || integrator != IntegratorKind.CRAM)) {
                throw new IllegalArgumentException("several mass states run in the planar slab with CRAM (their block "
                        + "reduces to a sweep with a diagonal per cell)");
            }
            if (geometry == Geometry.POINT && (distances.length != 1 || integrator != IntegratorKind.CRAM)) {
                throw new IllegalArgumentException("the point source propagates to D only, with CRAM (its arrival "
                        + "angle is defined at the detector)");
            }
        }

        /** The paper's s-channel. */
        public Plan(Scenario scenario, EnergyGrid energyGrid, int angleCells, double maxAngle,
                    Backends.Choice backend, IntegratorKind integrator, EnergyAngleSolver.Settings steps,
                    double[] distances) {
            this(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances, Channels.S,
                    Deflection.PLANAR, Geometry.SLAB, 0, null);
        }

        public Plan withChannels(Channels c) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances, c,
                    deflection, geometry, pointSteps, relics);
        }

        public Plan withDeflection(Deflection d) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances,
                    channels, d, geometry, pointSteps, relics);
        }

        /** The slab, or a point source with {@code uniformSteps} equal steps in x (0: the default). */
        public Plan withGeometry(Geometry g, int uniformSteps) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances,
                    channels, deflection, g, uniformSteps, relics);
        }

        /** Several relic mass states (null: one species). */
        public Plan withRelics(nusi.physics.MassStates r) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances,
                    channels, deflection, geometry, pointSteps, r);
        }

        /** One distance, D; CRAM on the Java backend with all cores. */
        public static Plan of(Scenario scenario, EnergyGrid energyGrid, int angleCells, double maxAngle) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle,
                    Backends.Choice.cpu(Runtime.getRuntime().availableProcessors()), IntegratorKind.CRAM,
                    EnergyAngleSolver.Settings.defaults(), new double[]{1});
        }
    }

    /**
     * An energy-angle run without its scenario: what a scan applies to each of its points.
     *
     * @param distances x = r/D to propagate to, increasing, ending with 1
     */
    public record Recipe(EnergyGrid energyGrid, int angleCells, double maxAngle, Backends.Choice backend,
                         IntegratorKind integrator, EnergyAngleSolver.Settings steps, double[] distances) {
        public Recipe {
            Objects.requireNonNull(energyGrid, "energyGrid");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(integrator, "integrator");
            Objects.requireNonNull(steps, "steps");
            distances = distances.clone();
        }

        public Plan plan(Scenario scenario) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances);
        }

        public Recipe withBackend(Backends.Choice b) {
            return new Recipe(energyGrid, angleCells, maxAngle, b, integrator, steps, distances);
        }
    }

    /**
     * @param result        the state at D
     * @param atDistances   the states at every requested distance, ascending (result last)
     * @param backend       the backend's description
     * @param countsPerState with several mass states: the angle-integrated counts at D per state [state][bin]
     */
    public record Result(EnergyAngleResult result, List<EnergyAngleResult> atDistances, double operatorBuildSeconds,
                         String backend, double[][] countsPerState) {
    }

    /**
     * Several relic mass states: one operator per target (its mass, resonance and the medium's density per state) on
     * the angle grid fitted to the lightest, summed ({@link PhaseSpaceOperator#weightedSum}), the supernova's states
     * coupled by {@link nusi.transport.MassStatesPhaseSpaceBackend}; the emitted spectrum split over the states by
     * their weights. The results hold the counts summed over the states.
     */
    private static Result runMassStates(Plan plan, Integrator.Listener listener, Consumer<String> announce) {
        Scenario sc = plan.scenario();
        nusi.physics.MassStates relics = plan.relics();
        double lightest = java.util.Arrays.stream(relics.masses()).min().orElseThrow();
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(plan.energyGrid(),
                new ResonantCrossSection(sc.mediator(), lightest), lightest, plan.angleCells(), plan.maxAngle());
        long t0 = System.nanoTime();
        List<PhaseSpaceOperator> targets = new java.util.ArrayList<>();
        for (double m : relics.masses()) {
            targets.add(plan.channels() == Channels.S
                    ? PhaseSpaceOperator.build(plan.energyGrid(), ag, new ResonantCrossSection(sc.mediator(), m), m,
                            sc.medium().columnDensity(), sc.medium().secantFactor(), plan.backend().threads())
                    : PhaseSpaceOperator.build(plan.energyGrid(), ag, new ChannelsCrossSection(sc.mediator(), m,
                            plan.channels()), m, sc.medium().columnDensity(), sc.medium().secantFactor(),
                            plan.backend().threads()));
        }
        PhaseSpaceOperator op = PhaseSpaceOperator.weightedSum(targets, relics.weights());
        double buildSeconds = (System.nanoTime() - t0) * 1e-9;
        int cells = op.energyBins() * op.angleCells();
        double[] one = EnergyAngleSolver.initialState(op, sc.source());
        double[] initial = new double[relics.count() * cells + PhaseSpaceOperator.TRACKED_QUANTITIES];
        for (int s = 0; s < relics.count(); s++) {
            for (int p = 0; p < cells; p++) {
                initial[s * cells + p] = relics.weights()[s] * one[p];
            }
        }
        CramIntegrator cram = CramIntegrator.order48();
        try (nusi.transport.MassStatesPhaseSpaceBackend b = new nusi.transport.MassStatesPhaseSpaceBackend(op,
                relics.weights(), (nusi.transport.DiagonalSweepBackend) Backends.create(plan.backend(), op))) {
            String description = b.description() + ", integrator " + cram.name();
            announce.accept(description);
            long t1 = System.nanoTime();
            Integrator.Propagation p = cram.propagate(b, initial, plan.distances(), listener);
            double seconds = (System.nanoTime() - t1) * 1e-9;
            List<EnergyAngleResult> all = new java.util.ArrayList<>();
            for (int d = 0; d < plan.distances().length; d++) {
                all.add(new EnergyAngleResult(op, one, b.summedOverStates(p.states()[d]), sc.threshold(),
                        plan.distances()[d], cram.name(), p.errorEstimates()[d], p.finalSteps(), p.solves(),
                        b.description(), seconds));
            }
            double[] last = p.states()[plan.distances().length - 1];
            double[][] perState = new double[relics.count()][op.energyBins()];
            for (int s = 0; s < relics.count(); s++) {
                for (int j = 0; j < op.energyBins(); j++) {
                    for (int a = 0; a < op.angleCells(); a++) {
                        perState[s][j] += last[s * cells + j * op.angleCells() + a];
                    }
                }
            }
            return new Result(all.get(all.size() - 1), all, buildSeconds, description, perState);
        }
    }

    public static Result run(Plan plan, Integrator.Listener listener, Consumer<String> announce) {
        if (plan.relics() != null) {
            if (plan.scenario().mediator().convention().isDirac()) {
                throw new IllegalArgumentException("Dirac neutrinos with several relic mass states are not "
                        + "implemented (two species per state)");
            }
            return runMassStates(plan, listener, announce);
        }
        Scenario sc = plan.scenario();
        if (!sc.mediator().convention().isDirac()) {
            ChannelsCrossSection channels = new ChannelsCrossSection(sc.mediator(), sc.medium().neutrinoMass(),
                    plan.channels());
            return runCascade(plan, channels, plan.channels() == Channels.S, listener, announce);
        }
        // Dirac: the active counts are half the sum of the cascades A + W and A - W (ChannelsCrossSection.Cascade)
        List<ChannelsCrossSection> cascades = ChannelsCrossSection.cascades(sc.mediator(), sc.medium().neutrinoMass(),
                plan.channels());
        List<Result> parts = new java.util.ArrayList<>();
        for (ChannelsCrossSection c : cascades) {
            parts.add(runCascade(plan, c, false, listener, c == cascades.get(0) ? announce : d -> { }));
        }
        List<EnergyAngleResult> all = new java.util.ArrayList<>();
        for (int d = 0; d < plan.distances().length; d++) {
            all.add(weightedSum(parts, cascades, d));
        }
        double build = parts.stream().mapToDouble(Result::operatorBuildSeconds).sum();
        return new Result(all.get(all.size() - 1), all, build, parts.get(0).backend()
                + ", Dirac: active = (sum + difference cascades)/2", null);
    }

    /**
     * The cascades' states at distance {@code d} weighted into the active counts, on the first cascade's operator
     * (the same grids; its tracked quantities are then the active ones too, the sum being linear).
     */
    private static EnergyAngleResult weightedSum(List<Result> parts, List<ChannelsCrossSection> cascades, int d) {
        EnergyAngleResult first = parts.get(0).atDistances().get(d);
        double[] state = new double[first.state().length];
        double error = 0;
        long solves = 0;
        double seconds = 0;
        for (int k = 0; k < parts.size(); k++) {
            EnergyAngleResult r = parts.get(k).atDistances().get(d);
            double w = cascades.get(k).weight();
            for (int p = 0; p < state.length; p++) {
                state[p] += w * r.state()[p];
            }
            error = Math.max(error, r.errorEstimate());
            solves += r.solves();
            seconds += r.seconds();
        }
        return new EnergyAngleResult(first.operator(), first.initial(), state, first.threshold(), first.distance(),
                first.integrator(), error, first.finalSteps(), solves, first.backend(), seconds);
    }

    /**
     * One cascade: the paper's flat s-channel operator where {@code flatSChannel} (Majorana, s only), else the
     * general-triangle operator of {@code channels}.
     */
    private static Result runCascade(Plan plan, ChannelsCrossSection channels, boolean flatSChannel,
                                     Integrator.Listener listener, Consumer<String> announce) {
        Scenario sc = plan.scenario();
        ResonantCrossSection xs = sc.crossSection();
        double m = sc.medium().neutrinoMass();
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(plan.energyGrid(), xs, m, plan.angleCells(),
                plan.maxAngle());
        long t0 = System.nanoTime();
        int threads = plan.backend().threads();
        // 1/cos belongs to the slab (the path per radial step of a neutrino at theta to the axis)
        boolean secant = sc.medium().secantFactor() && plan.geometry() == Geometry.SLAB;
        PhaseSpaceOperator op = flatSChannel
                ? PhaseSpaceOperator.build(plan.energyGrid(), ag, xs, m, sc.medium().columnDensity(), secant, threads)
                : PhaseSpaceOperator.build(plan.energyGrid(), ag, channels, m, sc.medium().columnDensity(), secant,
                        threads);
        if (plan.deflection() == Deflection.THREE_D) {
            op = op.inThreeDimensions(PhaseSpaceOperator.pairMeans(plan.energyGrid(), channels, m, threads)
                    .squaredDeflection());
        }
        double buildSeconds = (System.nanoTime() - t0) * 1e-9;
        if (plan.geometry() == Geometry.POINT) {
            PhaseSpaceOperator atD = op;
            String[] description = {""};
            EnergyAngleResult r = EnergyAngleSolver.propagatePointSource(atD, o -> {
                TransportBackend b = Backends.create(plan.backend(), o);
                if (description[0].isEmpty()) {
                    description[0] = b.description() + ", point source, integrator cram48 on "
                            + (EnergyAngleSolver.pointSourceSteps(plan.pointSteps()).length - 1) + " steps in x";
                    announce.accept(description[0]);
                }
                return b;
            }, EnergyAngleSolver.initialState(atD, sc.source()), sc.threshold(),
                    EnergyAngleSolver.pointSourceSteps(plan.pointSteps()), listener);
            return new Result(r, List.of(r), buildSeconds, description[0], null);
        }
        Integrator integrator = plan.integrator() == IntegratorKind.CRAM ? CramIntegrator.order48()
                : EnergyAngleSolver.trBdf2(op, sc.threshold(), plan.steps());
        try (TransportBackend backend = Backends.create(plan.backend(), op)) {
            String description = backend.description() + ", integrator " + integrator.name();
            announce.accept(description);
            List<EnergyAngleResult> all = EnergyAngleSolver.propagate(backend,
                    EnergyAngleSolver.initialState(op, sc.source()), sc.threshold(), integrator, plan.distances(),
                    listener);
            return new Result(all.get(all.size() - 1), all, buildSeconds, description, null);
        }
    }

    /** Decades of delay nodes below the window: its in-window fraction needs the short delays resolved. */
    public static final double DELAY_DECADES_BELOW_WINDOW = 4;

    /**
     * The arrival-delay distribution of a finished run's neutrinos ({@link DelayCascade}, CRAM-16 per step in x) on
     * {@code nodes} delay nodes: the window on a node with {@link #DELAY_DECADES_BELOW_WINDOW} decades below it, up to
     * the largest delay the angle grid holds, T theta_max^2 / 2 (or ten windows). Slab: steps geometric in 1 - x
     * ({@link DelayCascade#slabSteps}); point source: the run's steps in x. Summed over delays it is the run's state.
     *
     * @param threads worker threads of the (host) delay sweeps
     */
    public static nusi.transport.DelayDistribution delayDistribution(Plan plan, Result run, int nodes,
                                                                      double windowSeconds, int threads,
                                                                      Integrator.Listener listener) {
        if (plan.relics() != null) {
            throw new IllegalArgumentException("the delay distribution is written for one relic species");
        }
        if (plan.scenario().mediator().convention().isDirac()) {
            throw new IllegalArgumentException("the delay distribution is not implemented for Dirac neutrinos (its "
                    + "cascade would need the active and wrong-helicity species' own deflections)");
        }
        if (plan.distances().length != 1) {
            throw new IllegalArgumentException("the delay distribution is computed at D only (the arrival delay "
                    + "is defined at the detector)");
        }
        nusi.physics.Validation.requireInRange(nusi.physics.Parameter.DELAY_NODES, nodes, 4,
                nusi.grid.DelayGrid.MAX_NODES);
        nusi.physics.Validation.requireInRange(nusi.physics.Parameter.WINDOW, windowSeconds, 1e-6, 1e12);
        PhaseSpaceOperator op = run.result().operator();
        double t = plan.scenario().medium().crossingTimeSeconds();
        double maxAngle = op.angleGrid().maxAngle();
        double top = Math.max(1.01 * t * maxAngle * maxAngle / 2, 10 * windowSeconds);
        nusi.grid.DelayGrid delays = nusi.grid.DelayGrid.throughWindow(nodes, windowSeconds, top,
                DELAY_DECADES_BELOW_WINDOW);
        double[] edges = plan.geometry() == Geometry.POINT ? EnergyAngleSolver.pointSourceSteps(plan.pointSteps())
                : nusi.transport.DelayCascade.slabSteps(delays, t, maxAngle);
        return nusi.transport.DelayCascade.propagate(op, plan.geometry(), delays, t, run.result().initial(),
                plan.scenario().threshold(), edges, 16, threads, listener);
    }
}
