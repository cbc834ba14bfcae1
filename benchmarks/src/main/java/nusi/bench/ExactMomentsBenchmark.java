package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PhysicalConstants;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.transport.EnergyOperator;
import nusi.transport.ExactEnergyPropagator;
import nusi.transport.ExactMoments;
import nusi.transport.PhaseSpaceOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact angle and delay moments of all four pictures at the Fig. 3 point, 80 bins per decade: pair means
 * (theta~, theta~^2, theta~^4, 1 - cos theta~, O(N^2) pair integrals) plus the 25-level CRAM chain. {@code range}: "full"
 * (1e-6 to 300 MeV, 679 bins: every bin's moments) or "above" (5 to 300 MeV, 143 bins: what the neutrinos above
 * threshold need, since energy only falls).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ExactMomentsBenchmark {
    @Param({"full", "above"})
    public String range;

    private EnergyGrid grid;
    private ResonantCrossSection xs;
    private final RelicMedium medium = RelicMedium.paperDefault();
    private double[] initial;

    @Setup
    public void setUp() {
        xs = new ResonantCrossSection(Mediator.ofLog10(-3.5, -1.75), medium.neutrinoMass());
        grid = EnergyGrid.anchored(range.equals("full") ? 1e-6 : 5, 300, 80, 5);
        initial = ExactEnergyPropagator.initialCounts(grid, PinchedSpectrum.paperDefault());
    }

    @Benchmark
    public double moments() {
        double t = medium.distanceKpc() * PhysicalConstants.CM_PER_KPC / PhysicalConstants.SPEED_OF_LIGHT_CM_PER_S;
        return ExactMoments.compute(EnergyOperator.build(grid, xs, medium.columnDensity()),
                PhaseSpaceOperator.pairMeans(grid, xs, medium.neutrinoMass(), Runtime.getRuntime().availableProcessors()),
                initial, t, 5.0).aboveThreshold().meanDelay3dSlab();
    }
}
