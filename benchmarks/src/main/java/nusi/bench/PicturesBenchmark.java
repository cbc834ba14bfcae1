package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.transport.AzimuthalCpuBackend;
import nusi.transport.CpuBackend;
import nusi.transport.CramIntegrator;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.Integrator;
import nusi.transport.PhaseSpaceOperator;
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
 * The energy-angle solver at the Fig. 3 point in the four pictures (issue 13 item 2), N x N cells, 1/cos off, on the
 * Java backends with all cores: the planar slab (CpuBackend, one CRAM-48 exponential), the 3D slab
 * (AzimuthalCpuBackend: 8 azimuths, Gauss-Seidel row sweeps), and the point source in either (81 CRAM steps in x at
 * the default 32 equal steps). Single shot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class PicturesBenchmark {
    @Param({"64"})
    public int size;

    @Param({"planar-slab", "3d-slab", "planar-point", "3d-point"})
    public String picture;

    private PhaseSpaceOperator op;
    private double[] initial;
    private boolean threeD;
    private boolean point;

    @Setup(Level.Trial)
    public void setUp() {
        RelicMedium medium = RelicMedium.paperDefault();
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-3.5, -1.75), medium.neutrinoMass());
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, size);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs, medium.neutrinoMass(), size, 0.3);
        int cores = Runtime.getRuntime().availableProcessors();
        op = PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(), medium.columnDensity(), false, cores);
        threeD = picture.startsWith("3d");
        point = picture.endsWith("point");
        if (threeD) {
            op = op.inThreeDimensions(PhaseSpaceOperator.pairMeans(eg, xs, medium.neutrinoMass(), cores)
                    .squaredDeflection());
        }
        initial = EnergyAngleSolver.initialState(op, nusi.physics.PinchedSpectrum.paperDefault());
    }

    @Benchmark
    public double propagateFig3() {
        int cores = Runtime.getRuntime().availableProcessors();
        java.util.function.Function<PhaseSpaceOperator, nusi.transport.TransportBackend> backends = o -> threeD
                ? new AzimuthalCpuBackend(o, cores) : new CpuBackend(o, cores);
        if (point) {
            return EnergyAngleSolver.propagatePointSource(op, backends, initial, 5.0,
                    EnergyAngleSolver.pointSourceSteps(32), Integrator.Listener.NONE).fractionAboveThreshold();
        }
        try (nusi.transport.TransportBackend b = backends.apply(op)) {
            return EnergyAngleSolver.propagate(b, initial, 5.0, CramIntegrator.order48(),
                    EnergyAngleSolver.StepListener.NONE).fractionAboveThreshold();
        }
    }
}
