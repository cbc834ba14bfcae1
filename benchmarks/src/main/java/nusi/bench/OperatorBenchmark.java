package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import nusi.transport.VectorBackend;
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
 * The backend's vector operations at the Fig. 3 point on N x N grids, vectors resident in the backend (no host
 * transfers for OpenCL): one application of the Eq. 8 gain/loss operator (A f), one real shifted sweep
 * (I - c A) y = b (TR-BDF2's unit: a step is two of them and one application) and one complex sweep (CRAM's
 * unit: a propagation is 24 of them). Run: ./run.sh bench OperatorBenchmark -p size=256 -p backend=cpu-all
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
    private VectorBackend.Vector f;
    private VectorBackend.Vector out;
    private VectorBackend.ComplexVector z;

    @Setup(Level.Trial)
    public void setUp() {
        PhaseSpaceOperator op = BenchmarkSetup.fig3Operator(size);
        b = BenchmarkSetup.backend(backend, op);
        f = b.newVector();
        out = b.newVector();
        z = b.newComplexVector();
        b.write(f, BenchmarkSetup.state(op));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
        out.close();
        z.close();
        b.close();
    }

    @Benchmark
    public void transportRate() {
        b.apply(f, out);
        b.finish();
    }

    /** (I - c A) y = f with c = 1e-3 (a TR-BDF2 stage of a 1e-3 D step). */
    @Benchmark
    public void realSweep() {
        b.shiftedSolve(1e-3, f, out);
        b.finish();
    }

    /** (I - c A) z = f with c = 1/theta_1 of CRAM-48 (the work does not depend on the pole). */
    @Benchmark
    public void complexSweep() {
        b.shiftedSolve(-0.0854, -0.0781, f, z);
        b.finish();
    }
}
