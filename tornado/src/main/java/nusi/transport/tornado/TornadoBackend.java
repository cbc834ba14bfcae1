package nusi.transport.tornado;

import static nusi.transport.tornado.TransportTasks.A;
import static nusi.transport.tornado.TransportTasks.B;
import static nusi.transport.tornado.TransportTasks.C;
import static nusi.transport.tornado.TransportTasks.C_IM;
import static nusi.transport.tornado.TransportTasks.HI;
import static nusi.transport.tornado.TransportTasks.LO;
import static nusi.transport.tornado.TransportTasks.OUT;
import static nusi.transport.tornado.TransportTasks.S;
import static nusi.transport.tornado.TransportTasks.X;
import static nusi.transport.tornado.TransportTasks.Y;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import nusi.transport.VectorBackend;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

/**
 * Eq. 8 on a TornadoVM device (OpenCL backend): the operator application, the real and complex shifted sweeps
 * and the vector operations of {@link VectorBackend} as {@code TaskGraph}s of {@link TransportTasks}, all in one
 * {@link TornadoExecutionPlan}. The operator's tables go to the device once per graph; the vectors live in one
 * device array (the arena) that the first graph owns and the others consume, so that the state stays on the
 * device for a whole propagation and only {@link #read} brings it back.
 *
 * <p>One graph execution per call, and the sweep takes one per block of {@link #BLOCK} rows (the block is solved
 * on one work-item, the rows below it updated in parallel), as the rows layout of the OpenCL backend does.
 * float64, without fast math or FMA contraction: bit-identical to {@code CpuBackend} on PoCL (see the tests).
 */
public final class TornadoBackend implements nusi.transport.DiagonalSweepBackend {
    /** Rows per sequential block of the sweep (the OpenCL rows layout uses 16 too). */
    static final int BLOCK = 32;
    /** Real vectors the arena holds beside the sweep's two accumulators (a complex vector takes two). */
    static final int VECTOR_SLOTS = 10;
    /** Work-items of the element-wise tasks and of the block push on a CPU device. */
    static final int CPU_CHUNKS = 32;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final PhaseSpaceOperator op;
    private final TornadoDevice device;
    private final boolean cpuDevice;
    private final int n;
    private final int len;
    private final double[] arena;
    private final int[] slot = new int[TransportTasks.SLOTS];
    private final double[] scalar = new double[TransportTasks.SCALARS];
    private final double[] staging;
    private final Deque<Integer> freeSlots = new ArrayDeque<>();
    private final TornadoExecutionPlan plan;

    // Graph indices in the plan, in the order they are added.
    private static final int WRITE = 0;
    private static final int READ = 1;
    private static final int APPLY = 2;
    private static final int SWEEP_START = 3;
    private static final int SWEEP_BLOCK = 4;
    private static final int SWEEP_END = 5;
    private static final int COMPLEX_START = 6;
    private static final int COMPLEX_BLOCK = 7;
    private static final int COMPLEX_END = 8;
    private static final int COMBINE = 9;
    private static final int SCALE_AND_ADD = 10;

    private final class ArenaVector implements Vector {
        final int offset;
        boolean open = true;

        ArenaVector(int offset) {
            this.offset = offset;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                freeSlots.push(offset);
            }
        }
    }

    private final class ArenaComplexVector implements ComplexVector {
        final ArenaVector re;
        final ArenaVector im;

        ArenaComplexVector(ArenaVector re, ArenaVector im) {
            this.re = re;
            this.im = im;
        }

        @Override
        public void close() {
            re.close();
            im.close();
        }
    }

    /**
     * Builds the graphs on {@code device} and compiles them (TornadoVM's JIT and the OpenCL compiler: seconds).
     *
     * @throws IllegalArgumentException if the state does not fit in one Java array
     */
    public TornadoBackend(PhaseSpaceOperator op, TornadoDevice device) {
        if (op.deflection() != nusi.physics.Deflection.PLANAR) {
            throw new nusi.physics.ParameterException(nusi.physics.Parameter.BACKEND.token() + " tornado runs the "
                    + "planar deflection only; the 3D deflection runs on " + nusi.physics.Parameter.BACKEND.token()
                    + " cpu");
        }
        this.op = op;
        this.device = device;
        this.cpuDevice = device.getDeviceType() == uk.ac.manchester.tornado.api.enums.TornadoDeviceType.CPU;
        this.n = op.energyBins();
        int k = op.angleCells();
        int nodes = op.angleGrid().nodeCount();
        int outflowCell = op.angleGrid().outflowCell();
        int hasOutflow = op.angleGrid().hasOutflowCell() ? 1 : 0;
        this.len = op.stateLength();
        long arenaLength = (long) (2 + VECTOR_SLOTS) * len;
        if (arenaLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the tornado backend keeps its vectors in one array of " + arenaLength
                    + " doubles, above Java's limit of 2^31: use a smaller grid or another backend");
        }
        this.arena = new double[(int) arenaLength];
        this.staging = new double[len];
        for (int s = VECTOR_SLOTS - 1; s >= 0; s--) {
            freeSlots.push((2 + s) * len);
        }
        int cells = n * k;
        int tracked = PhaseSpaceOperator.TRACKED_QUANTITIES;
        PhaseSpaceOperator.Arrays t = op.arrays();
        double[] loss = t.lossRate();
        double[] gain = t.gainRate();
        double[] shift = t.shift();
        double[] sec = t.secant();
        double[] theta = t.angleNodes();
        double[] inv = t.inverseSpacing();
        int[] local = t.firstLocalNode();
        double[] trackedRate = t.trackedRate();
        double[] rowSum = new double[n];
        double[] rowSumIm = new double[n];
        String id = "nusi" + INSTANCES.incrementAndGet();
        String owner = id + "write";
        TaskGraph[] g = new TaskGraph[11];
        g[WRITE] = new TaskGraph(owner)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, arena)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, slot, staging)
                .task("copyIn", TransportTasks::copyIn, staging, arena, slot, len, chunks(len))
                .persistOnDevice(arena);
        g[READ] = graph(id + "read", owner)
                .task("copyOut", TransportTasks::copyOut, arena, slot, staging, len, chunks(len))
                .transferToHost(DataTransferMode.EVERY_EXECUTION, staging);
        g[APPLY] = graph(id + "apply", owner)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, loss, gain, shift, sec, theta, inv, local,
                        trackedRate, rowSum)
                .task("transportRateRows", TransportTasks::transportRateRows, arena, slot, n, k, nodes, outflowCell,
                        hasOutflow, loss, gain, shift, sec, theta, inv, local)
                .task("rowSecantSums", TransportTasks::rowSecantSums, arena, slot, X, n, k, sec, rowSum)
                .task("trackedRates", TransportTasks::trackedRates, arena, slot, scalar, n, k, tracked, trackedRate,
                        rowSum)
                .persistOnDevice(arena);
        g[SWEEP_START] = graph(id + "sweepStart", owner)
                .task("sweepStart", TransportTasks::sweepStart, arena, slot, cells, chunks(cells))
                .persistOnDevice(arena);
        g[SWEEP_BLOCK] = graph(id + "sweepBlock", owner)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, loss, gain, shift, sec, theta, inv, local)
                .task("sweepSolveRows", TransportTasks::sweepSolveRows, arena, slot, scalar, n, k, nodes, outflowCell,
                        hasOutflow, loss, gain, shift, sec, theta, inv, local)
                .task("sweepPushBlockRows", TransportTasks::sweepPushBlockRows, arena, slot, scalar, n, k, nodes,
                        outflowCell, hasOutflow, gain, shift, sec, theta, inv, local)
                .persistOnDevice(arena);
        g[SWEEP_END] = graph(id + "sweepEnd", owner)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, sec, trackedRate, rowSum)
                .task("rowSecantSums", TransportTasks::rowSecantSums, arena, slot, OUT, n, k, sec, rowSum)
                .task("trackedRates", TransportTasks::trackedRates, arena, slot, scalar, n, k, tracked, trackedRate,
                        rowSum)
                .persistOnDevice(arena);
        g[COMPLEX_START] = graph(id + "complexStart", owner)
                .task("complexRhs", TransportTasks::complexRhs, arena, slot, scalar, cells, len, chunks(cells))
                .persistOnDevice(arena);
        g[COMPLEX_BLOCK] = graph(id + "complexBlock", owner)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, loss, gain, shift, sec, theta, inv, local)
                .task("sweepSolveRowsComplex", TransportTasks::sweepSolveRowsComplex, arena, slot, scalar, n, k, nodes,
                        outflowCell, hasOutflow, len, loss, gain, shift, sec, theta, inv, local)
                .task("sweepPushBlockRowsPair", TransportTasks::sweepPushBlockRowsPair, arena, slot, n, k, nodes,
                        outflowCell, hasOutflow, len, cpuDevice ? Math.min(n, CPU_CHUNKS) : n, gain, shift, sec, theta, inv, local)
                .persistOnDevice(arena);
        g[COMPLEX_END] = graph(id + "complexEnd", owner)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, sec, trackedRate, rowSum, rowSumIm)
                .task("rowSecantSums", TransportTasks::rowSecantSums, arena, slot, OUT, n, k, sec, rowSum)
                .task("rowSecantSumsIm", TransportTasks::rowSecantSums, arena, slot, Y, n, k, sec, rowSumIm)
                .task("trackedRatesComplex", TransportTasks::trackedRatesComplex, arena, slot, scalar, n, k, tracked,
                        trackedRate, rowSum, rowSumIm)
                .persistOnDevice(arena);
        g[COMBINE] = graph(id + "combine", owner)
                .task("combine", TransportTasks::combine, arena, slot, scalar, len, chunks(len))
                .persistOnDevice(arena);
        g[SCALE_AND_ADD] = graph(id + "scaleAndAdd", owner)
                .task("scaleAndAddRealPart", TransportTasks::scaleAndAddRealPart, arena, slot, scalar, len, chunks(len))
                .persistOnDevice(arena);
        var snapshots = new uk.ac.manchester.tornado.api.ImmutableTaskGraph[g.length];
        for (int i = 0; i < g.length; i++) {
            snapshots[i] = g[i].snapshot();
        }
        this.plan = new TornadoExecutionPlan(snapshots).withDevice(device);
        // The owner of the arena runs first: it puts the arena on the device for the others to consume.
        slot[OUT] = 0;
        run(WRITE);
    }

    /**
     * Work-items of an element-wise task over {@code length} elements: one per element on a GPU; on a CPU device
     * (where TornadoVM launches groups of one work-item) {@link #CPU_CHUNKS} loops, a few per core.
     */
    private int chunks(int length) {
        return cpuDevice ? Math.min(length, CPU_CHUNKS) : length;
    }

    /** A graph that works on the arena owned by graph {@code owner}, with the per-call arguments. */
    private TaskGraph graph(String name, String owner) {
        return new TaskGraph(name)
                .consumeFromDevice(owner, arena)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, slot, scalar);
    }

    private void run(int graph) {
        plan.withGraph(graph).execute();
    }

    @Override
    public String description() {
        return "tornado (" + device.getPhysicalDevice().getDeviceName() + ", TornadoVM OpenCL, fp64)";
    }

    @Override
    public PhaseSpaceOperator operator() {
        return op;
    }

    @Override
    public Vector newVector() {
        Integer offset = freeSlots.poll();
        if (offset == null) {
            throw new IllegalStateException("the tornado backend holds at most " + VECTOR_SLOTS
                    + " real vectors at once (a complex one counts two); close vectors that are no longer used");
        }
        ArenaVector v = new ArenaVector(offset);
        Arrays.fill(staging, 0);
        slot[OUT] = offset;
        run(WRITE);
        return v;
    }

    @Override
    public ComplexVector newComplexVector() {
        ArenaVector re = (ArenaVector) newVector();
        try {
            return new ArenaComplexVector(re, (ArenaVector) newVector());
        } catch (IllegalStateException e) {
            re.close();
            throw e;
        }
    }

    private static int at(Vector v) {
        ArenaVector a = (ArenaVector) v;
        if (!a.open) {
            throw new IllegalStateException("vector used after close");
        }
        return a.offset;
    }

    private void requireLength(double[] values) {
        if (values.length != len) {
            throw new IllegalArgumentException("vector length " + values.length + ", expected " + len);
        }
    }

    @Override
    public void write(Vector v, double[] values) {
        requireLength(values);
        System.arraycopy(values, 0, staging, 0, len);
        slot[OUT] = at(v);
        run(WRITE);
    }

    @Override
    public void read(Vector v, double[] values) {
        requireLength(values);
        slot[X] = at(v);
        run(READ);
        System.arraycopy(staging, 0, values, 0, len);
    }

    @Override
    public void read(ComplexVector v, double[] re, double[] im) {
        ArenaComplexVector z = (ArenaComplexVector) v;
        read(z.re, re);
        read(z.im, im);
    }

    @Override
    public void apply(Vector x, Vector out) {
        slot[X] = at(x);
        slot[OUT] = at(out);
        scalar[S] = 0;
        scalar[C] = 1;
        run(APPLY);
    }

    @Override
    public void shiftedSolve(double c, Vector b, Vector y) {
        slot[X] = at(b);
        slot[OUT] = at(y);
        scalar[C] = c;
        run(SWEEP_START);
        for (int hi = n; hi > 0; hi -= BLOCK) {
            slot[LO] = Math.max(0, hi - BLOCK);
            slot[HI] = hi;
            run(SWEEP_BLOCK);
        }
        scalar[S] = 1;
        run(SWEEP_END);
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector b, ComplexVector z) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        ArenaComplexVector zc = (ArenaComplexVector) z;
        slot[X] = at(b);
        slot[OUT] = at(zc.re);
        slot[Y] = at(zc.im);
        scalar[C] = sigma[0];
        scalar[C_IM] = sigma[1];
        scalar[A] = cRe;
        scalar[B] = cIm;
        scalar[TransportTasks.USE_DIAG] = 0;
        run(COMPLEX_START);
        for (int hi = n; hi > 0; hi -= BLOCK) {
            slot[LO] = Math.max(0, hi - BLOCK);
            slot[HI] = hi;
            run(COMPLEX_BLOCK);
        }
        run(COMPLEX_END);
    }

    /**
     * (Delta - G) z = r on the cells with a complex diagonal per cell (several mass states): the accumulators (arena
     * offsets 0 and len) take r, two arena vectors the diagonal, and the complex sweep's blocks run with
     * scalar[USE_DIAG] set. Java twin: CpuBackend.sweepWithDiagonal.
     */
    @Override
    public void sweepWithDiagonal(double[] deltaRe, double[] deltaIm, double[] rRe, double[] rIm, double[] zr,
                                  double[] zi) {
        double[] full = new double[len];
        try (Vector dRe = newVector(); Vector dIm = newVector(); ComplexVector z = newComplexVector()) {
            System.arraycopy(deltaRe, 0, full, 0, Math.min(len, deltaRe.length));
            write(dRe, full);
            System.arraycopy(deltaIm, 0, full, 0, Math.min(len, deltaIm.length));
            write(dIm, full);
            for (int part = 0; part < 2; part++) {
                Arrays.fill(full, 0);
                double[] r = part == 0 ? rRe : rIm;
                System.arraycopy(r, 0, full, 0, Math.min(len, r.length));
                System.arraycopy(full, 0, staging, 0, len);
                slot[OUT] = part * len;
                run(WRITE);
            }
            ArenaComplexVector zc = (ArenaComplexVector) z;
            slot[OUT] = at(zc.re);
            slot[Y] = at(zc.im);
            slot[TransportTasks.DIAG] = at(dRe);
            slot[TransportTasks.DIAG_IM] = at(dIm);
            scalar[C] = 0;
            scalar[C_IM] = 0;
            scalar[TransportTasks.USE_DIAG] = 1;
            try {
                for (int hi = n; hi > 0; hi -= BLOCK) {
                    slot[LO] = Math.max(0, hi - BLOCK);
                    slot[HI] = hi;
                    run(COMPLEX_BLOCK);
                }
            } finally {
                scalar[TransportTasks.USE_DIAG] = 0;
            }
            double[] re = new double[len];
            double[] im = new double[len];
            read(z, re, im);
            System.arraycopy(re, 0, zr, 0, Math.min(len, zr.length));
            System.arraycopy(im, 0, zi, 0, Math.min(len, zi.length));
        }
    }

    @Override
    public void combine(double a, Vector x, double b, Vector y, Vector out) {
        slot[X] = at(x);
        slot[Y] = at(y);
        slot[OUT] = at(out);
        scalar[A] = a;
        scalar[B] = b;
        run(COMBINE);
    }

    @Override
    public void scaleAndAddRealPart(double s, double aRe, double aIm, ComplexVector z, Vector y) {
        ArenaComplexVector zc = (ArenaComplexVector) z;
        slot[X] = at(zc.re);
        slot[Y] = at(zc.im);
        slot[OUT] = at(y);
        scalar[S] = s;
        scalar[A] = aRe;
        scalar[B] = aIm;
        run(SCALE_AND_ADD);
    }

    @Override
    public void close() {
        try {
            plan.freeDeviceMemory();
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("TornadoVM could not release the plan: " + e.getMessage(), e);
        }
    }
}
