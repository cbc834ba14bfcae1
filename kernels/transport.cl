// Eq. 8 of Shalgar, Tamborra, Bustamante (PRD 103, 123008) on the (E, theta) grid: the OpenCL twin of
// nusi.transport.CpuBackend. Kernels and helpers carry the names of their Java twins.
//
// Layout (row-major): f[j * K + a] counts in energy bin j, angle cell a; cells 0..nodes-1 are angle nodes
// theta[a] (theta[0] = 0), cell K-1 collects what goes beyond theta[nodes-1] (K = 1: one cell keeps all).
// gainRate[j * N + i] and shift[j * N + i] for j <= i; the state carries 3 tracked quantities after N K cells.
//
// Built with -DREAL=double (default) or -DREAL=float (--precision fp32, sums compensated: Kahan).

#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
// Bit-for-bit arithmetic with the Java reference where possible: no fused multiply-add contraction.
#pragma OPENCL FP_CONTRACT OFF

// Compensated accumulator (Kahan) for the fp32 build; plain sums in fp64.
#ifdef COMPENSATED
#define ACC_DECL(s) REAL s = 0; REAL s##_c = 0
#define ACC_ADD(s, x) { REAL y_ = (x) - s##_c; REAL t_ = s + y_; s##_c = (t_ - s) - y_; s = t_; }
#else
#define ACC_DECL(s) REAL s = 0
#define ACC_ADD(s, x) s += (x)
#endif

// First source node a in [from, nodes) with theta[a] + shift >= x (the target predicate of the Java pointer
// walk: target node b is the largest with theta[b] <= theta[a] + shift). nodes if none.
static int firstReaching(__global const REAL* theta, int nodes, int from, REAL shift, REAL x) {
    int lo = from;
    int hi = nodes;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (theta[mid] + shift >= x) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

// Eq. 8 gain into cell c of one target row from one source row (shift, coefficient): a gather, so that every
// work-item owns its output. Positions within a bracket are formed as (theta[a] - theta[c]) + shift, not
// (theta[a] + shift) - theta[c]: shifts are far smaller than angles at large theta, and float32 would lose them. Same split as gainShifted: t = theta[a] + shift between nodes b and b + 1 gives
// 1 - w to b and w to b + 1, w = (t - theta[b]) / (theta[b + 1] - theta[b]); t >= theta[last] goes beyond.
// Java twin: CpuBackend.gainGathered.
static REAL gainGathered(__global const REAL* f, int src, REAL shift, int c, __global const REAL* theta,
                         __global const REAL* sec, int nodes, int outflowCell, int hasOutflow) {
    int last = nodes - 1;
    REAL sum = 0;
    if (c < nodes) {
        if (c < last) {
            // c as the lower node: theta[c] <= t < theta[c + 1]
            int a0 = firstReaching(theta, nodes, 0, shift, theta[c]);
            int a1 = firstReaching(theta, nodes, a0, shift, theta[c + 1]);
            REAL inv = 1 / (theta[c + 1] - theta[c]);
            for (int a = a0; a < a1; a++) {
                REAL v = sec[a] * f[src + a];
                REAL wv = ((theta[a] - theta[c]) + shift) * inv * v;
                sum += v - wv;
            }
        }
        if (c >= 1) {
            // c as the upper node: theta[c - 1] <= t < theta[c]
            int a0 = firstReaching(theta, nodes, 0, shift, theta[c - 1]);
            int a1 = firstReaching(theta, nodes, a0, shift, theta[c]);
            REAL inv = 1 / (theta[c] - theta[c - 1]);
            for (int a = a0; a < a1; a++) {
                REAL v = sec[a] * f[src + a];
                sum += ((theta[a] - theta[c - 1]) + shift) * inv * v;
            }
        }
    }
    if (c == outflowCell) {
        int a0 = firstReaching(theta, nodes, 0, shift, theta[last]);
        for (int a = a0; a < nodes; a++) {
            sum += sec[a] * f[src + a];
        }
        if (hasOutflow) {
            sum += sec[outflowCell] * f[src + outflowCell];
        }
    }
    return sum;
}

// out = A f for every cell (Eq. 8: gain from all rows i >= j minus loss). One work-item per cell (j, c): the
// layout for GPUs, which need many work-items. Java twin: CpuBackend.transportRate (with gainGathered).
__kernel void transportRate(int n, int k, int nodes, int outflowCell, int hasOutflow,
                            __global const REAL* lossRate, __global const REAL* gainRate,
                            __global const REAL* shift, __global const REAL* sec, __global const REAL* theta,
                            __global const REAL* f, __global REAL* out) {
    int cell = get_global_id(0);
    if (cell >= n * k) {
        return;
    }
    int j = cell / k;
    int c = cell - j * k;
    ACC_DECL(gain);
    for (int i = j; i < n; i++) {
        REAL g = gainRate[j * n + i];
        if (g != 0) {
            ACC_ADD(gain, g * gainGathered(f, i * k, shift[j * n + i], c, theta, sec, nodes, outflowCell, hasOutflow));
        }
    }
    out[cell] = gain - lossRate[j] * sec[c] * f[cell];
}

// rowSum[i] = sum_a sec[a] f[i][a]: what the tracked rates need. Java twin: part of CpuBackend.trackedRates.
__kernel void rowSecantSums(int n, int k, __global const REAL* sec, __global const REAL* f, __global REAL* rowSum) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    ACC_DECL(s);
    for (int a = 0; a < k; a++) {
        ACC_ADD(s, sec[a] * f[i * k + a]);
    }
    rowSum[i] = s;
}

// out[NK + q] = base * rhs[NK + q] + c * sum_i trackedRate[q][i] rowSum[i]; one work-item per quantity.
// Java twin: CpuBackend.trackedRates.
__kernel void trackedRates(int n, int k, REAL base, REAL c, __global const REAL* trackedRate,
                           __global const REAL* rowSum, __global const REAL* rhs, __global REAL* out) {
    int q = get_global_id(0);
    if (q >= 3) {
        return;
    }
    ACC_DECL(s);
    for (int i = 0; i < n; i++) {
        ACC_ADD(s, trackedRate[q * n + i] * rowSum[i]);
    }
    int off = n * k;
    out[off + q] = base * rhs[off + q] + c * s;
}

// Scatter of one source row into one target row: the pointer walk of the Java reference (targets only move up
// in angle, so the bracketing node is found by a pointer that never moves back). Used where one work-item owns
// a whole target row: the row kernels for CPU devices (PoCL) and the sequential part of the sweep.
// Java twin: CpuBackend.gainShifted.
static void gainShifted(__global const REAL* f, int src, REAL coeff, REAL shift, int near, __global REAL* acc,
                        int dst, __global const REAL* theta, __global const REAL* inverseSpacing,
                        __global const REAL* sec, int nodes, int outflowCell, int hasOutflow) {
    int last = nodes - 1;
    // Nodes a >= near (the pair's firstLocalNode, precomputed on the host) have spacing above the shift: their
    // target lies between a and a + 1. Below, targets jump ahead and are found with the pointer; pending sums are
    // flushed when it moves (each acc element once).
    int b = 0;
    int cur = 0;
    REAL lo = 0;
    REAL hi = 0;
    REAL beyond = 0;
    for (int a = 0; a < near; a++) {
        REAL v = coeff * sec[a] * f[src + a];
        REAL t = theta[a] + shift;
        while (b < last && theta[b + 1] <= t) {
            b++;
        }
        if (b == last) {
            beyond += v;
            continue;
        }
        if (b != cur) {
            acc[dst + cur] += lo;
            if (b == cur + 1) {
                lo = hi;
            } else {
                acc[dst + cur + 1] += hi;
                lo = 0;
            }
            hi = 0;
            cur = b;
        }
        REAL wv = ((theta[a] - theta[b]) + shift) * inverseSpacing[b] * v;
        lo += v - wv;
        hi += wv;
    }
    acc[dst + cur] += lo;
    if (cur < last) {
        acc[dst + cur + 1] += hi;
    }
    REAL carry = 0;
    for (int a = near; a < last; a++) {
        REAL v = coeff * sec[a] * f[src + a];
        REAL wv = shift * inverseSpacing[a] * v;
        acc[dst + a] += v - wv + carry;
        carry = wv;
    }
    if (near <= last) {
        if (near < last) {
            acc[dst + last] += carry;
        }
        beyond += coeff * sec[last] * f[src + last];
    }
    if (hasOutflow) {
        beyond += coeff * sec[outflowCell] * f[src + outflowCell];
    }
    acc[dst + outflowCell] += beyond;
}

// gainShifted on two source rows at once (f into acc, g into accB): the real and imaginary parts of the complex
// sweep in one pass. Java twin: CpuBackend.gainShiftedPair.
static void gainShiftedPair(__global const REAL* f, __global const REAL* g, int src, REAL coeff, REAL shift,
                            int near, __global REAL* acc, __global REAL* accB, int dst, __global const REAL* theta, __global const REAL* inverseSpacing,
                        __global const REAL* sec, int nodes, int outflowCell, int hasOutflow) {
    int last = nodes - 1;
    // Nodes a >= near (the pair's firstLocalNode, precomputed on the host) have spacing above the shift: their
    // target lies between a and a + 1. Below, targets jump ahead and are found with the pointer; pending sums are
    // flushed when it moves (each acc element once).
    int b = 0;
    int cur = 0;
    REAL lo = 0;
    REAL hi = 0;
    REAL beyond = 0;
    REAL loB = 0;
    REAL hiB = 0;
    REAL beyondB = 0;
    for (int a = 0; a < near; a++) {
        REAL cs = coeff * sec[a];
        REAL v = cs * f[src + a];
        REAL vB = cs * g[src + a];
        REAL t = theta[a] + shift;
        while (b < last && theta[b + 1] <= t) {
            b++;
        }
        if (b == last) {
            beyond += v;
            beyondB += vB;
            continue;
        }
        if (b != cur) {
            acc[dst + cur] += lo;
            accB[dst + cur] += loB;
            if (b == cur + 1) {
                lo = hi;
                loB = hiB;
            } else {
                acc[dst + cur + 1] += hi;
                accB[dst + cur + 1] += hiB;
                lo = 0;
                loB = 0;
            }
            hi = 0;
            hiB = 0;
            cur = b;
        }
        REAL w = ((theta[a] - theta[b]) + shift) * inverseSpacing[b];
        REAL wv = w * v;
        REAL wvB = w * vB;
        lo += v - wv;
        hi += wv;
        loB += vB - wvB;
        hiB += wvB;
    }
    acc[dst + cur] += lo;
    accB[dst + cur] += loB;
    if (cur < last) {
        acc[dst + cur + 1] += hi;
        accB[dst + cur + 1] += hiB;
    }
    REAL carry = 0;
    REAL carryB = 0;
    for (int a = near; a < last; a++) {
        REAL cs = coeff * sec[a];
        REAL v = cs * f[src + a];
        REAL vB = cs * g[src + a];
        REAL w = shift * inverseSpacing[a];
        REAL wv = w * v;
        REAL wvB = w * vB;
        acc[dst + a] += v - wv + carry;
        accB[dst + a] += vB - wvB + carryB;
        carry = wv;
        carryB = wvB;
    }
    if (near <= last) {
        if (near < last) {
            acc[dst + last] += carry;
            accB[dst + last] += carryB;
        }
        beyond += coeff * sec[last] * f[src + last];
        beyondB += coeff * sec[last] * g[src + last];
    }
    if (hasOutflow) {
        beyond += coeff * sec[outflowCell] * f[src + outflowCell];
        beyondB += coeff * sec[outflowCell] * g[src + outflowCell];
    }
    acc[dst + outflowCell] += beyond;
    accB[dst + outflowCell] += beyondB;
}

// The solved block of the complex sweep pushed into every row t < lo, real and imaginary parts together, one
// work-item per stride of target rows (CPU devices). Java twin: CpuBackend.complexSweep (parallel part).
__kernel void sweepPushBlockRowsPair(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi,
                                     __global const REAL* gainRate, __global const REAL* shift,
                                     __global const REAL* sec, __global const REAL* theta,
                                     __global const REAL* inverseSpacing, __global const int* firstLocal,
                                     __global const REAL* zRe, __global const REAL* zIm, __global REAL* accRe,
                                     __global REAL* accIm) {
    int stride = get_global_size(0);
    for (int t = get_global_id(0); t < lo; t += stride) {
        for (int i = lo; i < hi; i++) {
            REAL g = gainRate[t * n + i];
            if (g != 0) {
                gainShiftedPair(zRe, zIm, i * k, g, shift[t * n + i], firstLocal[t * n + i], accRe, accIm, t * k,
                                theta, inverseSpacing, sec, nodes, outflowCell, hasOutflow);
            }
        }
    }
}

// out = A f, one work-item per target energy row (CPU devices: few fat work-items, the scatter of the Java
// reference). Java twin: CpuBackend.transportRate.
__kernel void transportRateRows(int n, int k, int nodes, int outflowCell, int hasOutflow,
                                __global const REAL* lossRate, __global const REAL* gainRate,
                                __global const REAL* shift, __global const REAL* sec, __global const REAL* theta,
                                __global const REAL* inverseSpacing, __global const int* firstLocal,
                                __global const REAL* f, __global REAL* out) {
    int j = get_global_id(0);
    if (j >= n) {
        return;
    }
    int row = j * k;
    for (int b = 0; b < k; b++) {
        out[row + b] = -lossRate[j] * sec[b] * f[row + b];
    }
    for (int i = j; i < n; i++) {
        REAL g = gainRate[j * n + i];
        if (g != 0) {
            gainShifted(f, i * k, g, shift[j * n + i], firstLocal[j * n + i], out, row, theta, inverseSpacing, sec,
                        nodes, outflowCell, hasOutflow);
        }
    }
}

// The solved block [lo, hi) pushed into every row t < lo, one work-item per target row (CPU devices).
// Java twin: CpuBackend.implicitSweep (parallel part).
__kernel void sweepPushBlockRows(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi, REAL c,
                                 __global const REAL* gainRate, __global const REAL* shift, __global const REAL* sec,
                                 __global const REAL* theta, __global const REAL* inverseSpacing,
                                 __global const int* firstLocal, __global const REAL* y, __global REAL* acc) {
    // Each work-item takes every stride-th target row: few work-items with enough work each, since a CPU
    // device pays per work-group and one row's share of a block is small.
    int stride = get_global_size(0);
    for (int t = get_global_id(0); t < lo; t += stride) {
        for (int i = lo; i < hi; i++) {
            REAL g = gainRate[t * n + i];
            if (g != 0) {
                gainShifted(y, i * k, c * g, shift[t * n + i], firstLocal[t * n + i], acc, t * k, theta,
                            inverseSpacing, sec, nodes, outflowCell, hasOutflow);
            }
        }
    }
}

// Share of a self-scattered count on node a that stays there, for the diagonal of the row solve.
// Java twin: CpuBackend.selfShare.
REAL selfShare(int a, int b, int last, int outflowCell, REAL w) {
    if (b != a) {
        return 0;
    }
    return b == last ? (outflowCell == a ? 1 : 0) : 1 - w;
}

// Rows hi-1 down to lo of the implicit sweep (I - c A) y = rhs, acc holding rhs plus c times the gain from
// every row above hi. Sequential by nature (row j needs the rows above it; within a row, forward substitution
// in angle since the self-gain only moves counts to larger angles), so one work-item runs it; the rows below
// the block are then updated in parallel by sweepPushBlock. Java twin: CpuBackend.implicitSweep (block part).
__kernel void sweepSolveRows(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi, REAL c,
                             __global const REAL* lossRate, __global const REAL* gainRate,
                             __global const REAL* shift, __global const REAL* sec, __global const REAL* theta,
                             __global const REAL* inverseSpacing, __global const int* firstLocal,
                             __global REAL* acc, __global REAL* y) {
    if (get_global_id(0) != 0) {
        return;
    }
    int last = nodes - 1;
    for (int j = hi - 1; j >= lo; j--) {
        int row = j * k;
        REAL l = lossRate[j];
        REAL s = gainRate[j * n + j];
        REAL d = shift[j * n + j];
        int b = 0;
        for (int a = 0; a < nodes; a++) {
            REAL t = theta[a] + d;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            REAL w = b == last ? 0 : ((theta[a] - theta[b]) + d) * inverseSpacing[b];
            REAL self = selfShare(a, b, last, outflowCell, w);
            REAL ya = acc[row + a] / (1 + c * sec[a] * (l - s * self));
            y[row + a] = ya;
            REAL v = c * s * sec[a] * ya;
            if (b == last) {
                if (outflowCell != a) {
                    acc[row + outflowCell] += v;
                }
            } else if (b == a) {
                acc[row + b + 1] += w * v;
            } else {
                acc[row + b] += v - w * v;
                acc[row + b + 1] += w * v;
            }
        }
        if (hasOutflow) {
            y[row + outflowCell] = acc[row + outflowCell] / (1 + c * sec[outflowCell] * (l - s));
        }
        for (int t = j - 1; t >= lo; t--) {
            REAL g = gainRate[t * n + j];
            if (g != 0) {
                gainShifted(y, row, c * g, shift[t * n + j], firstLocal[t * n + j], acc, t * k, theta,
                            inverseSpacing, sec, nodes, outflowCell, hasOutflow);
            }
        }
    }
}

// Self-scattering of cell c within its own row (shift d): the fraction of c's scatterings that stays on c.
static REAL selfFraction(int c, REAL d, __global const REAL* theta, __global const REAL* inverseSpacing, int nodes,
                         int outflowCell) {
    int last = nodes - 1;
    if (c >= nodes) {
        return 1; // the outflow cell keeps what scatters inside it
    }
    if (c == last) {
        return outflowCell == c ? 1 : 0;
    }
    if (theta[c + 1] <= theta[c] + d) {
        return 0; // the shift takes it past the next node
    }
    return 1 - d * inverseSpacing[c];
}

// Rows hi-1 down to lo of the implicit sweep by one work-group (the GPU layout): for each row, the gain from the
// block's rows above it is gathered in parallel over cells, then the row is solved by Jacobi iterations in
// angle. The self-scattering only moves counts to larger angles, so the iteration matrix is strictly
// triangular (exact after at most K sweeps) with contraction c s sec / diag < 1; it stops when an iteration
// changes no cell by more than tol relative. tmp: one row of scratch; red: local memory, one REAL per
// work-item. Java twin: CpuBackend.implicitSweep (block part, forward substitution there).
__kernel void sweepSolveRowsGroup(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi, REAL c,
                                  REAL tol, __global const REAL* lossRate, __global const REAL* gainRate,
                                  __global const REAL* shift, __global const REAL* sec, __global const REAL* theta,
                                  __global const REAL* inverseSpacing, __global REAL* acc, __global REAL* y,
                                  __global REAL* tmp, __local REAL* red) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    for (int j = hi - 1; j >= lo; j--) {
        int row = j * k;
        REAL l = lossRate[j];
        REAL s = gainRate[j * n + j];
        REAL d = shift[j * n + j];
        for (int cc = lid; cc < k; cc += size) {
            REAL b0 = acc[row + cc];
            for (int i = j + 1; i < hi; i++) {
                REAL g = gainRate[j * n + i];
                if (g != 0) {
                    b0 += c * g * gainGathered(y, i * k, shift[j * n + i], cc, theta, sec, nodes, outflowCell,
                                               hasOutflow);
                }
            }
            acc[row + cc] = b0;
            y[row + cc] = b0 / (1 + c * sec[cc] * (l - s * selfFraction(cc, d, theta, inverseSpacing, nodes,
                                                                            outflowCell)));
        }
        barrier(CLK_GLOBAL_MEM_FENCE);
        for (int it = 0; it <= k; it++) {
            REAL change = 0;
            for (int cc = lid; cc < k; cc += size) {
                REAL self = selfFraction(cc, d, theta, inverseSpacing, nodes, outflowCell);
                REAL off = gainGathered(y, row, d, cc, theta, sec, nodes, outflowCell, hasOutflow)
                           - self * sec[cc] * y[row + cc];
                REAL ynew = (acc[row + cc] + c * s * off) / (1 + c * sec[cc] * (l - s * self));
                REAL diff = fabs(ynew - y[row + cc]);
                REAL scale = fabs(ynew);
                if (diff > tol * scale) {
                    change = 1;
                }
                tmp[cc] = ynew;
            }
            red[lid] = change;
            barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE);
            for (int cc = lid; cc < k; cc += size) {
                y[row + cc] = tmp[cc];
            }
            for (int width = size / 2; width > 0; width >>= 1) {
                if (lid < width) {
                    red[lid] = fmax(red[lid], red[lid + width]);
                }
                barrier(CLK_LOCAL_MEM_FENCE);
            }
            REAL any = red[0];
            barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE);
            if (any == 0) {
                break;
            }
        }
    }
}

// acc[t][c] += c * sum_{i in [lo, hi)} gainRate[t][i] gather(y_i) for every cell of the rows t < lo: the
// solved block pushed into everything below it. One work-item per cell (GPUs). Java twin: CpuBackend.implicitSweep
// (parallel part).
__kernel void sweepPushBlock(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi, REAL c,
                             __global const REAL* gainRate, __global const REAL* shift, __global const REAL* sec,
                             __global const REAL* theta, __global const REAL* y, __global REAL* acc) {
    int cell = get_global_id(0);
    if (cell >= lo * k) {
        return;
    }
    int t = cell / k;
    int cc = cell - t * k;
    ACC_DECL(gain);
    for (int i = lo; i < hi; i++) {
        REAL g = gainRate[t * n + i];
        if (g != 0) {
            ACC_ADD(gain, g * gainGathered(y, i * k, shift[t * n + i], cc, theta, sec, nodes, outflowCell, hasOutflow));
        }
    }
    acc[cell] += c * gain;
}

// Vector operations of the integrators (CramIntegrator, TrBdf2Integrator) on device-resident vectors.
// Java twins: HostVectors.combine and HostVectors.scaleAndAddRealPart.
__kernel void combine(int len, REAL a, __global const REAL* x, REAL b, __global const REAL* y, __global REAL* out) {
    int p = get_global_id(0);
    if (p < len) {
        out[p] = a * x[p] + b * y[p];
    }
}

// y = s y + Re((ar + i ai) z): the normalised CRAM update y <- (y + 2 Re(alpha (A - theta)^-1 y)) / norm, the
// factors folded into s and a.
__kernel void scaleAndAddRealPart(int len, REAL s, REAL ar, REAL ai, __global const REAL* zr,
                                  __global const REAL* zi, __global REAL* y) {
    int p = get_global_id(0);
    if (p < len) {
        y[p] = s * y[p] + (ar * zr[p] - ai * zi[p]);
    }
}

// ---- Complex shifted solve (I - c A) z = b, c complex, b real (CRAM's poles; physics.md "Exact propagation").
// Solved as (sigma - A) z = sigma b, sigma = 1/c: transfers between cells keep real coefficients and act on the
// real and imaginary parts separately (the real push kernels run on each with c = 1); only the diagonal
// sigma + sec (loss - self) is complex. Java twin: CpuBackend.complexSweep.

// (xr + i xi) / (dr + i di), Smith's scaling (|dr| reaches 1e14, |di| is O(1)). Java twin: CpuBackend.divide.
static void complexDivide(REAL xr, REAL xi, REAL dr, REAL di, REAL* zr, REAL* zi) {
    if (fabs(dr) >= fabs(di)) {
        REAL r = di / dr;
        REAL den = dr + di * r;
        *zr = (xr + xi * r) / den;
        *zi = (xi - xr * r) / den;
    } else {
        REAL r = dr / di;
        REAL den = dr * r + di;
        *zr = (xr * r + xi) / den;
        *zi = (xi * r - xr) / den;
    }
}

// acc = sigma b over the cells. Java twin: the first loop of CpuBackend.complexSweep.
__kernel void complexRhs(int len, REAL sr, REAL si, __global const REAL* b, __global REAL* accRe,
                         __global REAL* accIm) {
    int p = get_global_id(0);
    if (p < len) {
        accRe[p] = sr * b[p];
        accIm[p] = si * b[p];
    }
}

// Rows hi-1 down to lo of the complex sweep, one work-item (CPU devices). Java twin: CpuBackend.solveRowComplex
// and the block part of CpuBackend.complexSweep.
__kernel void sweepSolveRowsComplex(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi,
                                    REAL sr, REAL si, __global const REAL* lossRate, __global const REAL* gainRate,
                                    __global const REAL* shift, __global const REAL* sec, __global const REAL* theta,
                                    __global const REAL* inverseSpacing, __global const int* firstLocal,
                                    __global REAL* accRe, __global REAL* accIm, __global REAL* zRe,
                                    __global REAL* zIm, int useDiag, __global const REAL* diagRe,
                                    __global const REAL* diagIm) {
    if (get_global_id(0) != 0) {
        return;
    }
    int last = nodes - 1;
    for (int j = hi - 1; j >= lo; j--) {
        int row = j * k;
        REAL l = lossRate[j];
        REAL s = gainRate[j * n + j];
        REAL d = shift[j * n + j];
        int b = 0;
        for (int a = 0; a < nodes; a++) {
            REAL t = theta[a] + d;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            REAL w = b == last ? 0 : ((theta[a] - theta[b]) + d) * inverseSpacing[b];
            REAL self = selfShare(a, b, last, outflowCell, w);
            REAL zr;
            REAL zi;
            // useDiag: a complex diagonal per cell in place of sigma + sec l (several mass states, Java twin
            // CpuBackend.sweepWithDiagonal)
            complexDivide(accRe[row + a], accIm[row + a],
                          useDiag ? diagRe[row + a] - sec[a] * s * self : sr + sec[a] * (l - s * self),
                          useDiag ? diagIm[row + a] : si, &zr, &zi);
            zRe[row + a] = zr;
            zIm[row + a] = zi;
            REAL f = s * sec[a];
            REAL vr = f * zr;
            REAL vi = f * zi;
            if (b == last) {
                if (outflowCell != a) {
                    accRe[row + outflowCell] += vr;
                    accIm[row + outflowCell] += vi;
                }
            } else if (b == a) {
                accRe[row + b + 1] += w * vr;
                accIm[row + b + 1] += w * vi;
            } else {
                accRe[row + b] += vr - w * vr;
                accRe[row + b + 1] += w * vr;
                accIm[row + b] += vi - w * vi;
                accIm[row + b + 1] += w * vi;
            }
        }
        if (hasOutflow) {
            REAL zr;
            REAL zi;
            int q = row + outflowCell;
            complexDivide(accRe[q], accIm[q], useDiag ? diagRe[q] - sec[outflowCell] * s : sr + sec[outflowCell] * (l - s),
                          useDiag ? diagIm[q] : si, &zr, &zi);
            zRe[row + outflowCell] = zr;
            zIm[row + outflowCell] = zi;
        }
        for (int t = j - 1; t >= lo; t--) {
            REAL g = gainRate[t * n + j];
            if (g != 0) {
                gainShiftedPair(zRe, zIm, row, g, shift[t * n + j], firstLocal[t * n + j], accRe, accIm, t * k,
                                theta, inverseSpacing, sec, nodes, outflowCell, hasOutflow);
            }
        }
    }
}

// Rows hi-1 down to lo of the complex sweep by one work-group (GPU layout): gathers in parallel over cells,
// Jacobi in angle as in sweepSolveRowsGroup, with the complex diagonal. Java twin: CpuBackend.complexSweep
// (block part, forward substitution there).
__kernel void sweepSolveRowsGroupComplex(int n, int k, int nodes, int outflowCell, int hasOutflow, int lo, int hi,
                                         REAL sr, REAL si, REAL tol, __global const REAL* lossRate,
                                         __global const REAL* gainRate, __global const REAL* shift,
                                         __global const REAL* sec, __global const REAL* theta,
                                         __global const REAL* inverseSpacing, __global REAL* accRe,
                                         __global REAL* accIm, __global REAL* zRe, __global REAL* zIm,
                                         __global REAL* tmpRe, __global REAL* tmpIm, int useDiag,
                                         __global const REAL* diagRe, __global const REAL* diagIm,
                                         __local REAL* red) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    for (int j = hi - 1; j >= lo; j--) {
        int row = j * k;
        REAL l = lossRate[j];
        REAL s = gainRate[j * n + j];
        REAL d = shift[j * n + j];
        for (int cc = lid; cc < k; cc += size) {
            REAL br = accRe[row + cc];
            REAL bi = accIm[row + cc];
            for (int i = j + 1; i < hi; i++) {
                REAL g = gainRate[j * n + i];
                if (g != 0) {
                    br += g * gainGathered(zRe, i * k, shift[j * n + i], cc, theta, sec, nodes, outflowCell,
                                           hasOutflow);
                    bi += g * gainGathered(zIm, i * k, shift[j * n + i], cc, theta, sec, nodes, outflowCell,
                                           hasOutflow);
                }
            }
            accRe[row + cc] = br;
            accIm[row + cc] = bi;
            REAL self = selfFraction(cc, d, theta, inverseSpacing, nodes, outflowCell);
            REAL zr;
            REAL zi;
            complexDivide(br, bi, useDiag ? diagRe[row + cc] - sec[cc] * s * self : sr + sec[cc] * (l - s * self),
                          useDiag ? diagIm[row + cc] : si, &zr, &zi);
            zRe[row + cc] = zr;
            zIm[row + cc] = zi;
        }
        barrier(CLK_GLOBAL_MEM_FENCE);
        for (int it = 0; it <= k; it++) {
            REAL change = 0;
            for (int cc = lid; cc < k; cc += size) {
                REAL self = selfFraction(cc, d, theta, inverseSpacing, nodes, outflowCell);
                REAL offRe = gainGathered(zRe, row, d, cc, theta, sec, nodes, outflowCell, hasOutflow)
                             - self * sec[cc] * zRe[row + cc];
                REAL offIm = gainGathered(zIm, row, d, cc, theta, sec, nodes, outflowCell, hasOutflow)
                             - self * sec[cc] * zIm[row + cc];
                REAL zr;
                REAL zi;
                complexDivide(accRe[row + cc] + s * offRe, accIm[row + cc] + s * offIm,
                              useDiag ? diagRe[row + cc] - sec[cc] * s * self : sr + sec[cc] * (l - s * self),
                              useDiag ? diagIm[row + cc] : si, &zr, &zi);
                REAL diff = fmax(fabs(zr - zRe[row + cc]), fabs(zi - zIm[row + cc]));
                REAL scale = fmax(fabs(zr), fabs(zi));
                if (diff > tol * scale) {
                    change = 1;
                }
                tmpRe[cc] = zr;
                tmpIm[cc] = zi;
            }
            red[lid] = change;
            barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE);
            for (int cc = lid; cc < k; cc += size) {
                zRe[row + cc] = tmpRe[cc];
                zIm[row + cc] = tmpIm[cc];
            }
            for (int width = size / 2; width > 0; width >>= 1) {
                if (lid < width) {
                    red[lid] = fmax(red[lid], red[lid + width]);
                }
                barrier(CLK_LOCAL_MEM_FENCE);
            }
            REAL any = red[0];
            barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE);
            if (any == 0) {
                break;
            }
        }
    }
}

// Tracked rows of the complex sweep (no diagonal): z_q = b_q + c (T z), c complex. One work-item per quantity.
// Java twin: the last loop of CpuBackend.complexSweep.
__kernel void trackedRatesComplex(int n, int k, REAL cRe, REAL cIm, __global const REAL* trackedRate,
                                  __global const REAL* rowSumRe, __global const REAL* rowSumIm,
                                  __global const REAL* b, __global REAL* zRe, __global REAL* zIm) {
    int q = get_global_id(0);
    if (q >= 3) {
        return;
    }
    ACC_DECL(tr);
    ACC_DECL(ti);
    for (int i = 0; i < n; i++) {
        ACC_ADD(tr, trackedRate[q * n + i] * rowSumRe[i]);
        ACC_ADD(ti, trackedRate[q * n + i] * rowSumIm[i]);
    }
    int off = n * k;
    zRe[off + q] = b[off + q] + cRe * tr - cIm * ti;
    zIm[off + q] = cRe * ti + cIm * tr;
}
