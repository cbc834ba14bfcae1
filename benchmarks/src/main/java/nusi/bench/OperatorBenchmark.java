package nusi.bench;

import java.util.concurrent.TimeUnit;
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
 * One application of the Eq. 8 gain/loss operator (A f, state resident in the backend: no host transfers for
 * OpenCL) and one TR-BDF2 step (one application and two implicit sweeps) at the Fig. 3 point on N x N grids.
 * Run: ./run.sh bench OperatorBenchmark -p size=256 -p backend=cpu-all,opencl-fp64
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--enable-native-access=ALL-UNNAMED"})
public class OperatorBenchmark {
    @Param({"64", "128", "256", "512"})
    public int size;

    @Param({"cpu-1", "cpu-all", "opencl-fp64", "opencl-fp32"})
    public String backend;

    private TransportBackend b;

    @Setup(Level.Trial)
    public void setUp() {
        PhaseSpaceOperator op = BenchmarkSetup.fig3Operator(size);
        b = BenchmarkSetup.backend(backend, op);
        b.setState(BenchmarkSetup.state(op));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        b.close();
    }

    @Benchmark
    public void transportRate() {
        b.applyToState();
    }

    /** Steps of 1e-3 D from a fixed state: the state drifts, but the work per step does not depend on it. */
    @Benchmark
    public void trBdf2Step() {
        b.trBdf2Step(1e-3);
        if (b instanceof nusi.transport.opencl.OpenClBackend cl) {
            cl.finish();
        }
    }
}
