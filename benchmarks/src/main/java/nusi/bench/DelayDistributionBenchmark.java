package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.grid.EnergyGrid;
import nusi.physics.Deflection;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.Scenario;
import nusi.study.EnergyAngleRun;
import nusi.transport.Integrator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The delay distribution at the Fig. 3 point (issue 13's speed target: 128 energy x 64 angle x 64 delay cells), as
 * `propagate --solver 2d --delay-grid 64` computes it after the energy-angle run (theta_max 0.3, 1/cos on, window
 * 10 s, all cores): {@link EnergyAngleRun#delayDistribution}, planar and 3D slab. Single shot: one shot takes
 * about a minute, so the JIT's warm-up is a small part of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class DelayDistributionBenchmark {
    /** Energy bins; the angle cells and delay nodes are half as many. */
    @Param({"128"})
    public int energyBins;

    @Param({"planar-slab", "3d-slab"})
    public String picture;

    private EnergyAngleRun.Plan plan;
    private EnergyAngleRun.Result run;

    @Setup(Level.Trial)
    public void setUp() {
        Scenario scenario = new Scenario(Mediator.ofLog10(-3.5, -1.75), RelicMedium.paperDefault(),
                PinchedSpectrum.paperDefault(), 5.0);
        plan = EnergyAngleRun.Plan.of(scenario, EnergyGrid.logSpaced(1e-5, 300, energyBins), energyBins / 2, 0.3)
                .withDeflection(picture.startsWith("3d") ? Deflection.THREE_D : Deflection.PLANAR);
        run = EnergyAngleRun.run(plan, Integrator.Listener.NONE, d -> { });
    }

    @Benchmark
    public double delayDistributionFig3() {
        return EnergyAngleRun.delayDistribution(plan, run, energyBins / 2, 10, Runtime.getRuntime().availableProcessors(),
                Integrator.Listener.NONE).fractionWithinWindow(10);
    }
}
