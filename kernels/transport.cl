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
            REAL self = 0;
            if (b == a) {
                self = b == last ? (outflowCell == a ? 1 : 0) : 1 - w;
            }
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

// TR-BDF2 stage right-hand sides over the whole state (cells and tracked quantities).
// Java twin: CpuBackend.trBdf2Step.
__kernel void stageOneRhs(int len, REAL c1, __global const REAL* f, __global const REAL* rate, __global REAL* rhs) {
    int p = get_global_id(0);
    if (p < len) {
        rhs[p] = f[p] + c1 * rate[p];
    }
}

__kernel void stageTwoRhs(int len, REAL wStar, REAL wOld, __global const REAL* star, __global const REAL* f,
                          __global REAL* rhs) {
    int p = get_global_id(0);
    if (p < len) {
        rhs[p] = wStar * star[p] - wOld * f[p];
    }
}
