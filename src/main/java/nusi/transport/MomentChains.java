package nusi.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact moments of the energy-angle (and delay) distribution per energy bin without an angle grid: chains of the
 * energy-only operator (physics.md, "Exact propagation" and "Beyond the paper"). A chain (X1, ..., Xk) is the top
 * block of exp of the block upper-bidiagonal matrix with A on the diagonal and X1, ..., Xk above it, applied to
 * (0, ..., 0, N0); here the chains that share their lower part share its levels: level 0 is the counts N, and each
 * further level l is driven by its parent, dL_l/dx = D_l L_l + C_l L_parent, with C_l a coupling (the identity,
 * or a table such as G o delta: gain times the pair mean of a deflection quantity) and D_l = A or A - C_l (the
 * latter for 3D <1 - cos theta>, whose transfers also shrink what was there). A vector holds every level, N each.
 * Solves go level by level in order; A's levels use the rank-one sweep of {@link EnergyOnlyBackend}, A - C levels
 * a dense triangular one (O(N^2)), couplings O(N^2) tables.
 */
public final class MomentChains extends HostVectors {
    private final CountsOperator base;
    private final int n;
    private final List<Level> levels = new ArrayList<>();

    /**
     * A level: its parent, its coupling (null: the identity), whether its own operator is A - coupling, and further
     * sources (a level driven by several lower ones: a sum of chains that share it).
     */
    private record Level(int parent, double[] coupling, boolean subtractCoupling, List<Source> more) {
    }

    /** An extra source of a level: scale times coupling (null: the identity) applied to a lower level. */
    private record Source(int parent, double[] coupling, double scale) {
    }

    public MomentChains(EnergyOperator op) {
        this(EnergyOnlyBackend.countsOnly(op));
    }

    /** On the general triangle of the s-, t- and u-channels: the same levels, O(N^2) solves for every one. */
    public MomentChains(ChannelsEnergyOperator op) {
        this(op.countsBackend());
    }

    private MomentChains(CountsOperator base) {
        this.base = base;
        this.n = base.bins();
        levels.add(new Level(-1, null, false, new ArrayList<>()));
    }

    /**
     * The coupling table C[j * N + i] = nD gain_{j i} table[j * N + i] (i >= j) of a pair-mean table: the transfers of
     * A weighted by a deflection quantity.
     */
    public double[] coupling(double[] table) {
        if (table.length != n * n) {
            throw new IllegalArgumentException("pair table: " + table.length + " entries for " + n + " bins, expected "
                    + n * n);
        }
        double[] c = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                c[j * n + i] = base.scaledGain(j, i) * table[j * n + i];
            }
        }
        return c;
    }

    /** Level 0: the counts. */
    public static final int COUNTS = 0;

    /**
     * Adds a level driven by {@code parent} through {@code coupling} ([j * N + i] for i >= j, per unit x; null for
     * the identity); returns its index.
     */
    public int add(int parent, double[] coupling) {
        return add(parent, coupling, false);
    }

    /** As {@link #add(int, double[])}, with the level's own operator A - coupling when {@code subtractCoupling}. */
    public int add(int parent, double[] coupling, boolean subtractCoupling) {
        if (parent < 0 || parent >= levels.size()) {
            throw new IllegalArgumentException("parent level " + parent + " does not exist (" + levels.size()
                    + " levels)");
        }
        if (coupling != null && coupling.length != n * n) {
            throw new IllegalArgumentException("coupling table: " + coupling.length + " entries for " + n
                    + " bins, expected " + n * n);
        }
        if (subtractCoupling && coupling == null) {
            throw new IllegalArgumentException("A - coupling needs a coupling table");
        }
        levels.add(new Level(parent, coupling, subtractCoupling, new ArrayList<>()));
        groups = null;
        return levels.size() - 1;
    }

    /**
     * Adds a further source to {@code level}: dL/dx gains scale * coupling L_parent (coupling null: the identity).
     * The parent must come before the level (levels are solved in order).
     */
    public void addSource(int level, int parent, double[] coupling, double scale) {
        if (level <= 0 || level >= levels.size() || parent < 0 || parent >= level) {
            throw new IllegalArgumentException("source level " + parent + " must exist and come before level "
                    + level + " (" + levels.size() + " levels)");
        }
        if (coupling != null && coupling.length != n * n) {
            throw new IllegalArgumentException("coupling table: " + coupling.length + " entries for " + n
                    + " bins, expected " + n * n);
        }
        levels.get(level).more().add(new Source(parent, coupling, scale));
        groups = null;
    }

    /** Per level, its sources grouped by coupling table: derived once, dropped when a level or source is added. */
    private List<List<List<Source>>> groups;

    private List<List<Source>> sourcesByCoupling(int level) {
        if (groups == null) {
            groups = new ArrayList<>();
            for (Level lv : levels) {
                groups.add(lv.parent() < 0 ? List.of() : groupByCoupling(lv));
            }
        }
        return groups.get(level);
    }

    /** A level's sources (its parent with scale 1 first), those sharing a coupling table next to each other. */
    private static List<List<Source>> groupByCoupling(Level lv) {
        List<List<Source>> groups = new ArrayList<>();
        List<Source> all = new ArrayList<>();
        all.add(new Source(lv.parent(), lv.coupling(), 1));
        all.addAll(lv.more());
        for (Source src : all) {
            List<Source> same = null;
            for (List<Source> g : groups) {
                if (src.coupling() != null && g.get(0).coupling() == src.coupling()) {
                    same = g;
                }
            }
            if (same == null) {
                same = new ArrayList<>();
                groups.add(same);
            }
            same.add(src);
        }
        return groups;
    }

    /**
     * Every source of a level applied to the real and imaginary parts at once (one pass over each table): the
     * parents of one coupling table are summed first (scale times parent), so that the table is applied once.
     */
    private void coupleAllComplex(int level, double[] zr, double[] zi, double[] er, double[] ei) {
        for (List<Source> g : sourcesByCoupling(level)) {
            if (g.size() == 1) {
                Source src = g.get(0);
                coupleComplex(src.coupling(), zr, zi, src.parent() * n, er, ei, src.scale());
                continue;
            }
            double[] tr = new double[n];
            double[] ti = new double[n];
            for (Source src : g) {
                int from = src.parent() * n;
                for (int j = 0; j < n; j++) {
                    tr[j] += src.scale() * zr[from + j];
                    ti[j] += src.scale() * zi[from + j];
                }
            }
            coupleComplex(g.get(0).coupling(), tr, ti, 0, er, ei, 1);
        }
    }

    private void coupleComplex(double[] c, double[] zr, double[] zi, int from, double[] er, double[] ei,
                               double scale) {
        if (c == null) {
            for (int j = 0; j < n; j++) {
                er[j] += scale * zr[from + j];
                ei[j] += scale * zi[from + j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            double sr = 0;
            double si = 0;
            int row = j * n;
            for (int i = j; i < n; i++) {
                double cji = c[row + i];
                sr += cji * zr[from + i];
                si += cji * zi[from + i];
            }
            er[j] += scale * sr;
            ei[j] += scale * si;
        }
    }

    /** Every source of a level applied to x, added to out[to..] times factor. */
    private void coupleAll(Level lv, double[] x, double[] out, int to, double factor) {
        couple(lv.coupling(), x, lv.parent() * n, out, to, factor);
        for (Source src : lv.more()) {
            couple(src.coupling(), x, src.parent() * n, out, to, factor * src.scale());
        }
    }

    public int levels() {
        return levels.size();
    }

    public int bins() {
        return n;
    }

    @Override
    public String description() {
        return "energy-only moment chains (" + levels.size() + " levels)";
    }

    @Override
    public int length() {
        return levels.size() * n;
    }

    /** C applied to the N entries at x[from], added to out[to..]. */
    private void couple(double[] c, double[] x, int from, double[] out, int to, double scale) {
        if (c == null) {
            for (int j = 0; j < n; j++) {
                out[to + j] += scale * x[from + j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            double s = 0;
            int row = j * n;
            for (int i = j; i < n; i++) {
                s += c[row + i] * x[from + i];
            }
            out[to + j] += scale * s;
        }
    }

    @Override
    public void apply(Vector xv, Vector outv) {
        double[] x = HostVectors.of(xv);
        double[] out = HostVectors.of(outv);
        double[] in = x == out ? x.clone() : x;
        for (int l = 0; l < levels.size(); l++) {
            Level lv = levels.get(l);
            base.applyCounts(in, l * n, out, l * n);
            if (lv.parent() >= 0) {
                if (lv.subtractCoupling()) {
                    couple(lv.coupling(), in, l * n, out, l * n, -1);
                }
                coupleAll(lv, in, out, l * n, 1);
            }
        }
    }

    @Override
    public void shiftedSolve(double c, Vector bv, Vector yv) {
        double[] b = HostVectors.of(bv);
        double[] y = HostVectors.of(yv);
        double[] rhs = new double[n];
        for (int l = 0; l < levels.size(); l++) {
            Level lv = levels.get(l);
            System.arraycopy(b, l * n, rhs, 0, n);
            if (lv.parent() >= 0) {
                coupleAll(lv, y, rhs, 0, c);
            }
            if (lv.subtractCoupling()) {
                // (I - c (A - C)) y = rhs, dense from the top
                double[] cc = lv.coupling();
                for (int j = n - 1; j >= 0; j--) {
                    double s = rhs[j];
                    for (int i = j + 1; i < n; i++) {
                        s += c * (base.entry(j, i) - cc[j * n + i]) * y[l * n + i];
                    }
                    y[l * n + j] = s / (1 - c * (base.entry(j, j) - cc[j * n + j]));
                }
            } else {
                base.solveCounts(c, rhs, 0, y, l * n);
            }
        }
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        double sr = sigma[0];
        double si = sigma[1];
        double[] b = HostVectors.of(bv);
        HostVectors.Complex z = HostVectors.of(zv);
        double[] zr = z.re();
        double[] zi = z.im();
        double[] er = new double[n];
        double[] ei = new double[n];
        for (int l = 0; l < levels.size(); l++) {
            Level lv = levels.get(l);
            if (lv.parent() < 0) {
                base.solveCountsComplex(sr, si, b, 0, null, null, zr, zi, 0);
                continue;
            }
            // (sigma - D) z_l = sigma b_l + C z_parent
            java.util.Arrays.fill(er, 0);
            java.util.Arrays.fill(ei, 0);
            coupleAllComplex(l, zr, zi, er, ei);
            if (!lv.subtractCoupling()) {
                base.solveCountsComplex(sr, si, b, l * n, er, ei, zr, zi, l * n);
                continue;
            }
            double[] cc = lv.coupling();
            for (int j = n - 1; j >= 0; j--) {
                double xr = sr * b[l * n + j] + er[j];
                double xi = si * b[l * n + j] + ei[j];
                for (int i = j + 1; i < n; i++) {
                    double a = base.entry(j, i) - cc[j * n + i];
                    xr += a * zr[l * n + i];
                    xi += a * zi[l * n + i];
                }
                CpuBackend.divide(xr, xi, sr - (base.entry(j, j) - cc[j * n + j]), si, zr, zi, l * n + j);
            }
        }
    }
}
