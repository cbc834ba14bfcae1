package nusi.transport.opencl;

import nusi.transport.Precision;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import nusi.transport.VectorBackend;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * Eq. 8 on an OpenCL device (kernels/transport.cl): the operator tables and the state live in device memory
 * for a whole propagation; the host only enqueues kernels and reads the state back at the end. float64 by
 * default; with fp32 the device works in float with compensated (Kahan) sums over source rows.
 */
public final class OpenClBackend implements nusi.transport.DiagonalSweepBackend {
    /**
     * Rows per sequential block of the sweep (one work-item solves a block; the rows below it are then updated in
     * parallel). The sequential work grows with the block (N B K / 2 per sweep), the launches shrink with it: 16
     * suits CPU devices, where launches are dear; 4 suits GPUs, where one work-item is slow.
     */
    static final int BLOCK_ROWS_LAYOUT = 16;
    static final int BLOCK_CELLS_LAYOUT = 8;
    /** Work-group size of the cell layout's block solve (a power of two; capped by the device). */
    static final int GROUP = 256;
    /** Work-items of the row-layout push (each strides over the target rows). */
    static final int PUSH_WORK_ITEMS = 32;

    /**
     * How work is split: one work-item per cell (gather; GPUs need ~1e5 work-items) or one per energy row (the
     * reference scatter; CPU devices such as PoCL run few fat work-items best: measured 5x faster there).
     */
    public enum Layout { CELLS, ROWS }
    static final String SOURCE_FILE = "transport.cl";

    private final PhaseSpaceOperator op;
    private final OpenClDevices.Device device;
    private final Precision precision;
    private final int n;
    private final int k;
    private final int nodes;
    private final int outflowCell;
    private final int hasOutflow;
    private final int len;
    private final int realSize;
    private final Layout layout;
    private final List<cl_mem> buffers = new ArrayList<>();
    private final List<cl_kernel> kernels = new ArrayList<>();
    private cl_context context;
    private cl_command_queue queue;
    private cl_program program;
    private cl_mem loss;
    private cl_mem gain;
    private cl_mem shift;
    private cl_mem sec;
    private cl_mem theta;
    private cl_mem inverseSpacing;
    private cl_mem firstLocal;
    private cl_mem tracked;
    private cl_mem acc;
    private cl_mem accIm;
    private cl_mem rowSum;
    private cl_mem rowSumIm;
    private cl_mem rowScratch;
    private cl_mem rowScratchIm;
    /** A complex diagonal per cell for {@link #sweepWithDiagonal}, allocated on first use. */
    private cl_mem diagRe;
    private cl_mem diagIm;
    private cl_kernel transportRate;
    private cl_kernel rowSecantSums;
    private cl_kernel trackedRates;
    private cl_kernel sweepSolveRows;
    private cl_kernel sweepPushBlock;
    private cl_kernel combine;
    private cl_kernel scaleAndAddRealPart;
    private cl_kernel complexRhs;
    private cl_kernel sweepSolveRowsComplex;
    private cl_kernel trackedRatesComplex;
    private cl_kernel sweepPushBlockRowsPair;

    /** A real vector in device memory. */
    private final class DeviceVector implements Vector {
        final cl_mem mem;

        DeviceVector() {
            mem = buffer(len);
            zero(mem);
        }

        @Override
        public void close() {
            release(mem);
        }
    }

    /** A complex vector: real and imaginary parts in two device buffers. */
    private final class DeviceComplexVector implements ComplexVector {
        final cl_mem re;
        final cl_mem im;

        DeviceComplexVector() {
            re = buffer(len);
            im = buffer(len);
            zero(re);
            zero(im);
        }

        @Override
        public void close() {
            release(re);
            release(im);
        }
    }

    /** Builds the backend on the device chosen by {@code deviceSelector} (see {@link OpenClDevices#choose}). */
    public static TransportBackend create(PhaseSpaceOperator op, String deviceSelector, Precision precision) {
        OpenClDevices.Device d = OpenClDevices.choose(deviceSelector);
        return new OpenClBackend(op, d, precision, KernelSource.load(SOURCE_FILE), defaultLayout(d));
    }

    /** Rows on CPU devices, cells elsewhere. */
    public static Layout defaultLayout(OpenClDevices.Device d) {
        return d.type().equals("CPU") ? Layout.ROWS : Layout.CELLS;
    }

    /** As {@link #create} with a given kernel source (tests of the build-failure path). */
    public static OpenClBackend withSource(PhaseSpaceOperator op, OpenClDevices.Device device,
                                           Precision precision, String source, Layout layout) {
        return new OpenClBackend(op, device, precision, source, layout);
    }

    /** On a given device and layout, with the kernels of kernels/transport.cl (tests, benchmarks). */
    public static OpenClBackend on(PhaseSpaceOperator op, OpenClDevices.Device device, Precision precision,
                                   Layout layout) {
        return new OpenClBackend(op, device, precision, KernelSource.load(SOURCE_FILE), layout);
    }

    private OpenClBackend(PhaseSpaceOperator op, OpenClDevices.Device device, Precision precision,
                          String source, Layout layout) {
        if (op.deflection() != nusi.physics.Deflection.PLANAR) {
            throw new nusi.physics.ParameterException(nusi.physics.Parameter.BACKEND.token() + " opencl runs the "
                    + "planar deflection only; the 3D deflection runs on " + nusi.physics.Parameter.BACKEND.token()
                    + " cpu");
        }
        this.layout = layout;
        this.op = op;
        this.device = device;
        this.precision = precision;
        this.n = op.energyBins();
        this.k = op.angleCells();
        this.nodes = op.angleGrid().nodeCount();
        this.outflowCell = op.angleGrid().outflowCell();
        this.hasOutflow = op.angleGrid().hasOutflowCell() ? 1 : 0;
        this.len = op.stateLength();
        this.realSize = precision == Precision.FP64 ? Sizeof.cl_double : Sizeof.cl_float;
        if (precision == Precision.FP64 && !device.fp64()) {
            throw new nusi.physics.ParameterException("OpenCL device '" + device.name() + "' has no float64 support "
                    + "(cl_khr_fp64): choose another " + nusi.physics.Parameter.DEVICE.token() + " or "
                    + nusi.physics.Parameter.PRECISION.token() + " fp32");
        }
        try {
            init(source);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void init(String source) {
        CL.setExceptionsEnabled(true);
        context = clCreateContext(null, 1, new org.jocl.cl_device_id[]{device.id()}, null, null, null);
        queue = clCreateCommandQueueWithProperties(context, device.id(), new cl_queue_properties(), null);
        program = clCreateProgramWithSource(context, 1, new String[]{source}, null, null);
        String options = precision == Precision.FP64 ? "-DREAL=double" : "-DREAL=float -DCOMPENSATED";
        try {
            clBuildProgram(program, 0, null, options, null, null);
        } catch (CLException e) {
            throw new IllegalArgumentException("OpenCL kernel build failed on '" + device.name() + "' (" + e.getMessage()
                    + "): " + buildLog().replace('\n', ' ').trim());
        }
        transportRate = kernel(layout == Layout.ROWS ? "transportRateRows" : "transportRate");
        rowSecantSums = kernel("rowSecantSums");
        trackedRates = kernel("trackedRates");
        sweepSolveRows = kernel(layout == Layout.ROWS ? "sweepSolveRows" : "sweepSolveRowsGroup");
        sweepPushBlock = kernel(layout == Layout.ROWS ? "sweepPushBlockRows" : "sweepPushBlock");
        combine = kernel("combine");
        scaleAndAddRealPart = kernel("scaleAndAddRealPart");
        complexRhs = kernel("complexRhs");
        sweepSolveRowsComplex = kernel(layout == Layout.ROWS ? "sweepSolveRowsComplex" : "sweepSolveRowsGroupComplex");
        trackedRatesComplex = kernel("trackedRatesComplex");
        sweepPushBlockRowsPair = kernel("sweepPushBlockRowsPair");
        PhaseSpaceOperator.Arrays a = op.arrays();
        loss = upload(a.lossRate());
        gain = upload(a.gainRate());
        shift = upload(a.shift());
        sec = upload(a.secant());
        theta = upload(a.angleNodes());
        inverseSpacing = upload(a.inverseSpacing());
        firstLocal = upload(a.firstLocalNode());
        tracked = upload(a.trackedRate());
        acc = buffer(len);
        accIm = buffer(len);
        rowSum = buffer(n);
        rowSumIm = buffer(n);
        rowScratch = buffer(k);
        rowScratchIm = buffer(k);
    }

    private void zero(cl_mem m) {
        write(m, new double[len]);
    }

    private void release(cl_mem m) {
        if (buffers.remove(m)) {
            clReleaseMemObject(m);
        }
    }

    private static cl_mem mem(Vector v) {
        return ((DeviceVector) v).mem;
    }

    private static DeviceComplexVector mem(ComplexVector v) {
        return (DeviceComplexVector) v;
    }

    private String buildLog() {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        String s = new String(log, StandardCharsets.UTF_8).replace("\0", "");
        return s.length() > 2000 ? s.substring(0, 2000) + " ..." : s;
    }

    private cl_kernel kernel(String name) {
        cl_kernel kr = clCreateKernel(program, name, null);
        kernels.add(kr);
        return kr;
    }

    private cl_mem buffer(int elements) {
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, (long) Math.max(1, elements) * realSize, null, null);
        buffers.add(m);
        return m;
    }

    private cl_mem upload(double[] values) {
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_ONLY, (long) Math.max(1, values.length) * realSize, null, null);
        buffers.add(m);
        write(m, values);
        return m;
    }

    private cl_mem upload(int[] values) {
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_ONLY, (long) Math.max(1, values.length) * Sizeof.cl_int, null,
                null);
        buffers.add(m);
        clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, (long) values.length * Sizeof.cl_int, Pointer.to(values), 0, null,
                null);
        return m;
    }

    private void write(cl_mem m, double[] values) {
        if (values.length == 0) {
            return;
        }
        if (precision == Precision.FP64) {
            clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, (long) values.length * realSize, Pointer.to(values), 0, null, null);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, (long) f.length * realSize, Pointer.to(f), 0, null, null);
        }
    }

    private void read(cl_mem m, double[] values) {
        if (precision == Precision.FP64) {
            clEnqueueReadBuffer(queue, m, CL_TRUE, 0, (long) values.length * realSize, Pointer.to(values), 0, null, null);
        } else {
            float[] f = new float[values.length];
            clEnqueueReadBuffer(queue, m, CL_TRUE, 0, (long) f.length * realSize, Pointer.to(f), 0, null, null);
            for (int i = 0; i < f.length; i++) {
                values[i] = f[i];
            }
        }
    }

    private Pointer real(double v) {
        return precision == Precision.FP64 ? Pointer.to(new double[]{v}) : Pointer.to(new float[]{(float) v});
    }

    private static void args(cl_kernel kr, Object... values) {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Integer x) {
                clSetKernelArg(kr, i, Sizeof.cl_int, Pointer.to(new int[]{x}));
            } else if (v instanceof cl_mem m) {
                clSetKernelArg(kr, i, Sizeof.cl_mem, Pointer.to(m));
            } else if (v instanceof RealArg r) {
                clSetKernelArg(kr, i, r.size, r.pointer);
            } else {
                throw new IllegalArgumentException("kernel argument " + i + ": " + v);
            }
        }
    }

    private record RealArg(int size, Pointer pointer) {
    }

    private RealArg r(double v) {
        return new RealArg(realSize, real(v));
    }

    private void launch(cl_kernel kr, long workItems) {
        // Rounded up to a multiple of 64 (kernels ignore the extra work-items); the runtime picks the group size.
        long global = Math.max(64, (workItems + 63) / 64 * 64);
        clEnqueueNDRangeKernel(queue, kr, 1, null, new long[]{global}, null, 0, null, null);
    }

    /** Row kernels: rows differ in cost (row j has N - j sources), so one work-item per group balances them. */
    private void launchRows(cl_kernel kr, long rows) {
        clEnqueueNDRangeKernel(queue, kr, 1, null, new long[]{Math.max(1, rows)}, new long[]{1}, 0, null, null);
    }

    private void rateOnDevice(cl_mem f, cl_mem out) {
        if (layout == Layout.ROWS) {
            args(transportRate, n, k, nodes, outflowCell, hasOutflow, loss, gain, shift, sec, theta, inverseSpacing,
                    firstLocal, f, out);
        } else {
            args(transportRate, n, k, nodes, outflowCell, hasOutflow, loss, gain, shift, sec, theta, f, out);
        }
        if (layout == Layout.ROWS) {
            launchRows(transportRate, n);
        } else {
            launch(transportRate, (long) n * k);
        }
        trackedOnDevice(f, 0.0, 1.0, f, out);
    }

    /** out[NK + q] = base rhs[NK + q] + c sum_i tracked[q][i] rowSum_i(f). */
    private void trackedOnDevice(cl_mem f, double base, double c, cl_mem rhsBuffer, cl_mem out) {
        args(rowSecantSums, n, k, sec, f, rowSum);
        launch(rowSecantSums, n);
        args(trackedRates, n, k, r(base), r(c), tracked, rowSum, rhsBuffer, out);
        launch(trackedRates, 3);
    }

    private void sweepOnDevice(double c, cl_mem rhsBuffer, cl_mem y) {
        clEnqueueCopyBuffer(queue, rhsBuffer, acc, 0, 0, (long) n * k * realSize, 0, null, null);
        int block = layout == Layout.ROWS ? BLOCK_ROWS_LAYOUT : BLOCK_CELLS_LAYOUT;
        for (int hi = n; hi > 0; hi -= block) {
            int lo = Math.max(0, hi - block);
            if (layout == Layout.ROWS) {
                args(sweepSolveRows, n, k, nodes, outflowCell, hasOutflow, lo, hi, r(c), loss, gain, shift, sec, theta,
                        inverseSpacing, firstLocal, acc, y);
                launch(sweepSolveRows, 1);
            } else {
                int group = groupSize();
                args(sweepSolveRows, n, k, nodes, outflowCell, hasOutflow, lo, hi, r(c), r(jacobiTolerance()), loss,
                        gain, shift, sec, theta, inverseSpacing, acc, y, rowScratch);
                clSetKernelArg(sweepSolveRows, 18, (long) group * realSize, null);
                clEnqueueNDRangeKernel(queue, sweepSolveRows, 1, null, new long[]{group}, new long[]{group}, 0, null,
                        null);
            }
            if (lo > 0) {
                pushBlock(lo, hi, c, y, acc);
            }
        }
        trackedOnDevice(y, 1.0, c, rhsBuffer, y);
    }

    /** acc[t] += c sum_{i in [lo, hi)} gain[t][i] scatter(y_i) for every row t < lo. */
    private void pushBlock(int lo, int hi, double c, cl_mem y, cl_mem target) {
        if (layout == Layout.ROWS) {
            args(sweepPushBlock, n, k, nodes, outflowCell, hasOutflow, lo, hi, r(c), gain, shift, sec, theta,
                    inverseSpacing, firstLocal, y, target);
            launchRows(sweepPushBlock, Math.min(lo, PUSH_WORK_ITEMS));
        } else {
            args(sweepPushBlock, n, k, nodes, outflowCell, hasOutflow, lo, hi, r(c), gain, shift, sec, theta, y,
                    target);
            launch(sweepPushBlock, (long) lo * k);
        }
    }

    /** Largest power of two <= min(GROUP, the device's work-group limit). */
    private int groupSize() {
        long max = Math.min(GROUP, device.maxWorkGroupSize());
        int g = 1;
        while (g * 2L <= max) {
            g *= 2;
        }
        return g;
    }

    /** Jacobi stops when no cell changes by more than this, relative: the precision's rounding level. */
    private double jacobiTolerance() {
        return precision == Precision.FP64 ? 1e-15 : 1e-7;
    }

    @Override
    public String description() {
        return "opencl (" + device.name() + ", " + device.platformName() + ", " + precision.label() + ", "
                + layout.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public PhaseSpaceOperator operator() {
        return op;
    }

    @Override
    public Vector newVector() {
        return new DeviceVector();
    }

    @Override
    public ComplexVector newComplexVector() {
        return new DeviceComplexVector();
    }

    @Override
    public void write(Vector v, double[] values) {
        requireLength(values);
        write(mem(v), values);
    }

    @Override
    public void read(Vector v, double[] values) {
        requireLength(values);
        clFinish(queue);
        read(mem(v), values);
    }

    @Override
    public void read(ComplexVector v, double[] re, double[] im) {
        requireLength(re);
        requireLength(im);
        clFinish(queue);
        read(mem(v).re, re);
        read(mem(v).im, im);
    }

    private void requireLength(double[] values) {
        if (values.length != len) {
            throw new IllegalArgumentException("vector length " + values.length + ", expected " + len);
        }
    }

    @Override
    public void apply(Vector x, Vector out) {
        rateOnDevice(mem(x), mem(out));
    }

    @Override
    public void shiftedSolve(double c, Vector b, Vector y) {
        sweepOnDevice(c, mem(b), mem(y));
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector b, ComplexVector z) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        complexSweepOnDevice(cRe, cIm, sigma[0], sigma[1], mem(b), mem(z));
    }

    @Override
    public void combine(double a, Vector x, double b, Vector y, Vector out) {
        args(combine, len, r(a), mem(x), r(b), mem(y), mem(out));
        launch(combine, len);
    }

    @Override
    public void scaleAndAddRealPart(double s, double aRe, double aIm, ComplexVector z, Vector y) {
        args(scaleAndAddRealPart, len, r(s), r(aRe), r(aIm), mem(z).re, mem(z).im, mem(y));
        launch(scaleAndAddRealPart, len);
    }

    @Override
    public void finish() {
        clFinish(queue);
    }

    /** The complex sweep (CpuBackend.complexSweep): sigma = 1/c = (sr, si). */
    private void complexSweepOnDevice(double cRe, double cIm, double sr, double si, cl_mem b, DeviceComplexVector z) {
        args(complexRhs, n * k, r(sr), r(si), b, acc, accIm);
        launch(complexRhs, (long) n * k);
        sweepBlocks(sr, si, false, z);
        args(rowSecantSums, n, k, sec, z.re, rowSum);
        launch(rowSecantSums, n);
        args(rowSecantSums, n, k, sec, z.im, rowSumIm);
        launch(rowSecantSums, n);
        args(trackedRatesComplex, n, k, r(cRe), r(cIm), tracked, rowSum, rowSumIm, b, z.re, z.im);
        launch(trackedRatesComplex, 3);
    }

    /**
     * (Delta - G) z = r on the N K cells with a complex diagonal Delta per cell in place of sigma + sec l (host
     * arrays; tracked quantities left to the caller): the several-mass-state reduction of
     * {@code nusi.transport.MassStatesPhaseSpaceBackend}. Java twin: CpuBackend.sweepWithDiagonal.
     */
    @Override
    public void sweepWithDiagonal(double[] deltaRe, double[] deltaIm, double[] rRe, double[] rIm, double[] zr,
                                  double[] zi) {
        if (diagRe == null) {
            diagRe = buffer(len);
            diagIm = buffer(len);
        }
        write(diagRe, deltaRe);
        write(diagIm, deltaIm);
        write(acc, rRe);
        write(accIm, rIm);
        try (DeviceComplexVector z = (DeviceComplexVector) newComplexVector()) {
            sweepBlocks(0, 0, true, z);
            read(z.re, zr);
            read(z.im, zi);
        }
    }

    /** The block loop of the complex sweep on acc/accIm (sigma = (sr, si), or the diagonal per cell). */
    private void sweepBlocks(double sr, double si, boolean useDiag, DeviceComplexVector z) {
        cl_mem dRe = useDiag ? diagRe : acc;
        cl_mem dIm = useDiag ? diagIm : accIm;
        int block = layout == Layout.ROWS ? BLOCK_ROWS_LAYOUT : BLOCK_CELLS_LAYOUT;
        for (int hi = n; hi > 0; hi -= block) {
            int lo = Math.max(0, hi - block);
            if (layout == Layout.ROWS) {
                args(sweepSolveRowsComplex, n, k, nodes, outflowCell, hasOutflow, lo, hi, r(sr), r(si), loss, gain,
                        shift, sec, theta, inverseSpacing, firstLocal, acc, accIm, z.re, z.im, useDiag ? 1 : 0, dRe,
                        dIm);
                launch(sweepSolveRowsComplex, 1);
            } else {
                int group = groupSize();
                args(sweepSolveRowsComplex, n, k, nodes, outflowCell, hasOutflow, lo, hi, r(sr), r(si),
                        r(jacobiTolerance()), loss, gain, shift, sec, theta, inverseSpacing, acc, accIm, z.re, z.im,
                        rowScratch, rowScratchIm, useDiag ? 1 : 0, dRe, dIm);
                clSetKernelArg(sweepSolveRowsComplex, 25, (long) group * realSize, null);
                clEnqueueNDRangeKernel(queue, sweepSolveRowsComplex, 1, null, new long[]{group}, new long[]{group}, 0,
                        null, null);
            }
            if (lo > 0) {
                // The transfers have real coefficients in the sigma form: the real push (c = 1) on each part; the
                // row layout does both parts in one pass.
                if (layout == Layout.ROWS) {
                    args(sweepPushBlockRowsPair, n, k, nodes, outflowCell, hasOutflow, lo, hi, gain, shift, sec, theta,
                            inverseSpacing, firstLocal, z.re, z.im, acc, accIm);
                    launchRows(sweepPushBlockRowsPair, Math.min(lo, PUSH_WORK_ITEMS));
                } else {
                    pushBlock(lo, hi, 1.0, z.re, acc);
                    pushBlock(lo, hi, 1.0, z.im, accIm);
                }
            }
        }
    }

    /** Applies one operator application to x, the result kept on the device, and waits (benchmarks). */
    public void applyOnDevice(Vector x, Vector out) {
        apply(x, out);
        clFinish(queue);
    }

    @Override
    public void close() {
        if (queue != null) {
            clFinish(queue);
        }
        for (cl_kernel kr : kernels) {
            clReleaseKernel(kr);
        }
        kernels.clear();
        for (cl_mem m : buffers) {
            clReleaseMemObject(m);
        }
        buffers.clear();
        if (program != null) {
            clReleaseProgram(program);
            program = null;
        }
        if (queue != null) {
            clReleaseCommandQueue(queue);
            queue = null;
        }
        if (context != null) {
            clReleaseContext(context);
            context = null;
        }
    }
}
