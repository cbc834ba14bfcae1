package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.transport.ExactEnergyPropagator;
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
 * One F(M, g) evaluation with the exact energy-only solver (operator assembly, CRAM-48 on the rank-one sweeps of
 * the bins above threshold): the unit of work of a bound scan. {@code fractionAboveThreshold}: the default, F
 * extrapolated over 40, 80 and 160 bins per decade (within 1e-4 of converged); {@code singleGrid80}: one grid of
 * 80 bins per decade (the previous default, off by up to 3.5 %); {@code fullSpectrum}: the whole spectrum of
 * {@code propagate} (1e-6 to 300 MeV at 160 bins per decade, 1359 bins, tracked quantities included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnergyOnlyBenchmark {
    /** log10 M / MeV and log10 g: Fig. 3 point, on resonance (stiffest), far below the resonance scale. */
    @Param({"-3.5:-1.75", "-2.9:-2.5", "-6:-2.2"})
    public String point;

    private EnergyGrid grid;
    private EnergyGrid fullGrid;
    private ResonantCrossSection xs;
    private final nusi.bounds.PropagationModel model = nusi.bounds.PropagationModel.paperDefault();
    private Mediator mediator;
    private final nusi.bounds.PropagationModel threeStatesModel = new nusi.bounds.PropagationModel(
            nusi.grid.EnergyResolution.defaults(), new RelicMedium(5e-8, 110, false, 50, true),
            PinchedSpectrum.paperDefault(), 5.0, Mediator.Convention.PAPER,
            nusi.physics.MassStates.three(0.1, nusi.physics.MassStates.Ordering.NORMAL, nusi.physics.MassStates.Flavour.E));
    private final RelicMedium medium = RelicMedium.paperDefault();
    private final PinchedSpectrum source = PinchedSpectrum.paperDefault();

    @Setup
    public void setUp() {
        String[] p = point.split(":");
        mediator = Mediator.ofLog10(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
        xs = new ResonantCrossSection(mediator, medium.neutrinoMass());
        grid = EnergyGrid.anchored(1e-6, 300, 80, 5.0);
        fullGrid = EnergyGrid.anchored(1e-6, 300, 160, 5.0);
    }

    @Benchmark
    public double fractionAboveThreshold() {
        return model.fractionAboveThreshold(mediator);
    }

    /** The default F with three relic mass states (normal ordering, sum 0.1 eV, coupled to nu_e, 110 cm^-3 each). */
    @Benchmark
    public double threeStates() {
        return threeStatesModel.fractionAboveThreshold(mediator);
    }

    @Benchmark
    public double singleGrid80() {
        return ExactEnergyPropagator.fractionAboveThreshold(grid, xs, medium, source, 5.0);
    }

    @Benchmark
    public double fullSpectrum() {
        return ExactEnergyPropagator.propagate(fullGrid, xs, medium, source, 5.0).fractionAboveThreshold();
    }
}
