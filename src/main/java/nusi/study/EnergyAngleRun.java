package nusi.study;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Channels;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Deflection;
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
     */
    public record Plan(Scenario scenario, EnergyGrid energyGrid, int angleCells, double maxAngle,
                       Backends.Choice backend, IntegratorKind integrator, EnergyAngleSolver.Settings steps,
                       double[] distances, Channels channels, Deflection deflection) {
        public Plan {
            Objects.requireNonNull(scenario, "scenario");
            channels = channels == null ? Channels.S : channels;
            deflection = deflection == null ? Deflection.PLANAR : deflection;
            Objects.requireNonNull(energyGrid, "energyGrid");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(integrator, "integrator");
            Objects.requireNonNull(steps, "steps");
            distances = distances.clone();
            if (distances.length == 0 || distances[distances.length - 1] != 1.0) {
                throw new IllegalArgumentException("distances must end with x = 1 (the distance D of the medium)");
            }
        }

        /** The paper's s-channel. */
        public Plan(Scenario scenario, EnergyGrid energyGrid, int angleCells, double maxAngle,
                    Backends.Choice backend, IntegratorKind integrator, EnergyAngleSolver.Settings steps,
                    double[] distances) {
            this(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances, Channels.S,
                    Deflection.PLANAR);
        }

        public Plan withChannels(Channels c) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances, c,
                    deflection);
        }

        public Plan withDeflection(Deflection d) {
            return new Plan(scenario, energyGrid, angleCells, maxAngle, backend, integrator, steps, distances,
                    channels, d);
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
     */
    public record Result(EnergyAngleResult result, List<EnergyAngleResult> atDistances, double operatorBuildSeconds,
                         String backend) {
    }

    public static Result run(Plan plan, Integrator.Listener listener, Consumer<String> announce) {
        Scenario sc = plan.scenario();
        ResonantCrossSection xs = sc.crossSection();
        double m = sc.medium().neutrinoMass();
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(plan.energyGrid(), xs, m, plan.angleCells(),
                plan.maxAngle());
        long t0 = System.nanoTime();
        ChannelsCrossSection channels = new ChannelsCrossSection(sc.mediator(), m, plan.channels());
        int threads = plan.backend().threads();
        PhaseSpaceOperator op = plan.channels() == Channels.S
                ? PhaseSpaceOperator.build(plan.energyGrid(), ag, xs, m, sc.medium().columnDensity(),
                        sc.medium().secantFactor(), threads)
                : PhaseSpaceOperator.build(plan.energyGrid(), ag, channels, m, sc.medium().columnDensity(),
                        sc.medium().secantFactor(), threads);
        if (plan.deflection() == Deflection.THREE_D) {
            op = op.inThreeDimensions(PhaseSpaceOperator.pairMeans(plan.energyGrid(), channels, m, threads)
                    .squaredDeflection());
        }
        double buildSeconds = (System.nanoTime() - t0) * 1e-9;
        Integrator integrator = plan.integrator() == IntegratorKind.CRAM ? CramIntegrator.order48()
                : EnergyAngleSolver.trBdf2(op, sc.threshold(), plan.steps());
        try (TransportBackend backend = Backends.create(plan.backend(), op)) {
            String description = backend.description() + ", integrator " + integrator.name();
            announce.accept(description);
            List<EnergyAngleResult> all = EnergyAngleSolver.propagate(backend,
                    EnergyAngleSolver.initialState(op, sc.source()), sc.threshold(), integrator, plan.distances(),
                    listener);
            return new Result(all.get(all.size() - 1), all, buildSeconds, description);
        }
    }
}
