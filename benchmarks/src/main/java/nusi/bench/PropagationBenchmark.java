package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.transport.CramIntegrator;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.Integrator;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full propagation at the Fig. 3 point on N x N grids, with CRAM-48 (24 complex sweeps, the default) or
 * TR-BDF2 at its default tolerance 1e-3 (three refinement levels, ~370 steps in all). Single shot: one
 * propagation is seconds to minutes. 512^2 with TR-BDF2 takes ~10 min on a 2-core CPU: run it with
 * -p integrator=cram, or on a GPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--enable-native-access=ALL-UNNAMED"})
public class PropagationBenchmark {
    @Param({"64", "128", "256", "512"})
    public int size;

    @Param({"cpu-1", "cpu-all", "opencl-fp64", "opencl-fp32"})
    public String backend;

    @Param({"cram", "trbdf2"})
    public String integrator;

    private TransportBackend b;
    private double[] initial;
    private Integrator method;

    @Setup(Level.Trial)
    public void setUp() {
        PhaseSpaceOperator op = BenchmarkSetup.fig3Operator(size);
        b = BenchmarkSetup.backend(backend, op);
        initial = EnergyAngleSolver.initialState(op, nusi.physics.PinchedSpectrum.paperDefault());
        method = switch (integrator) {
            case "cram" -> CramIntegrator.order48();
            case "trbdf2" -> EnergyAngleSolver.trBdf2(op, 5.0, EnergyAngleSolver.Settings.defaults());
            default -> throw new IllegalArgumentException("integrator parameter must be cram or trbdf2, got "
                    + integrator);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        b.close();
    }

    @Benchmark
    public double propagateFig3() {
        return EnergyAngleSolver.propagate(b, initial, 5.0, method, EnergyAngleSolver.StepListener.NONE)
                .fractionAboveThreshold();
    }
}
