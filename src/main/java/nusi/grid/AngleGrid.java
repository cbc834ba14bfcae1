package nusi.grid;

import java.util.Arrays;
import nusi.physics.Kinematics;
import nusi.physics.Validation;

/**
 * The angle axis of f(E, theta): theta measured from the line of sight, in radians. Cell 0 is the node
 * theta = 0 exactly (unscattered neutrinos stay there), cells 1..K-2 are nodes log-spaced from
 * {@code firstAngle} to {@code maxAngle}, and cell K-1 collects everything deflected beyond {@code maxAngle}
 * (the large-angle outflow, still scattering in energy). Counts sit on nodes: a deflection that ends between two
 * nodes is split linearly between them, which keeps both the count and the mean angle (physics.md).
 *
 * <p>With K = 1 there is a single cell at theta = 0 that keeps everything (no angular resolution: the
 * energy-only equation on a 2D code path).
 */
public final class AngleGrid {
    public static final int MAX_CELLS = 1 << 16;

    private final double[] nodes;
    private final int cells;
    private final double maxAngle;

    private AngleGrid(double[] nodes, int cells, double maxAngle) {
        this.nodes = nodes;
        this.cells = cells;
        this.maxAngle = maxAngle;
    }

    /**
     * @param cells       K: nodes plus the outflow cell (>= 1)
     * @param firstAngle  first non-zero node, rad: must lie below the smallest deflection on the energy grid
     * @param maxAngle    last node, rad, below pi/2 (1/cos theta is singular there)
     */
    public static AngleGrid logSpaced(int cells, double firstAngle, double maxAngle) {
        Validation.requireInRange("angle bins", cells, 1, MAX_CELLS);
        Validation.requirePositiveFinite("first angle node (rad)", firstAngle);
        Validation.requireInRange("maximum angle (rad)", maxAngle, firstAngle, 1.5);
        int regular = Math.max(1, cells - 1);
        double[] nodes = new double[regular];
        if (regular >= 2) {
            int logNodes = regular - 1;
            for (int a = 1; a <= logNodes; a++) {
                nodes[a] = logNodes == 1 ? maxAngle
                        : firstAngle * Math.pow(maxAngle / firstAngle, (double) (a - 1) / (logNodes - 1));
            }
            nodes[regular - 1] = maxAngle;
        }
        return new AngleGrid(nodes, cells, maxAngle);
    }

    /** Number of cells K (nodes and the outflow cell). */
    public int cells() {
        return cells;
    }

    /** Number of angle nodes (cells with a definite angle): K - 1, or 1 when K = 1. */
    public int nodeCount() {
        return nodes.length;
    }

    /** Index of the outflow cell (K - 1; the single cell when K = 1). */
    public int outflowCell() {
        return cells - 1;
    }

    public boolean hasOutflowCell() {
        return cells > nodes.length;
    }

    public double node(int a) {
        return nodes[a];
    }

    public double[] nodes() {
        return nodes.clone();
    }

    public double maxAngle() {
        return maxAngle;
    }

    /** Angle used for the 1/cos factor of a cell; the outflow cell counts as maxAngle. */
    public double representativeAngle(int cell) {
        return cell < nodes.length ? nodes[cell] : maxAngle;
    }

    /** sec(theta) - 1 of a cell, without cancellation. */
    public double secantMinusOne(int cell) {
        return Kinematics.secantMinusOne(representativeAngle(cell));
    }

    /** Edges of the cells for output: halfway (geometric for log nodes) between nodes. */
    public double[] cellEdges() {
        int r = nodes.length;
        double[] e = new double[r + 1];
        e[0] = 0;
        for (int a = 1; a < r; a++) {
            e[a] = a == 1 ? nodes[1] / Math.sqrt(nodes.length > 2 ? nodes[2] / nodes[1] : 2) : Math.sqrt(nodes[a - 1] * nodes[a]);
        }
        e[r] = r > 1 ? nodes[r - 1] * Math.sqrt(nodes[r - 1] / nodes[r - 2]) : maxAngle;
        return e;
    }

    @Override
    public String toString() {
        return "AngleGrid[" + cells + " cells, nodes 0, " + (nodes.length > 1 ? nodes[Math.min(1, nodes.length - 1)] : 0)
                + " .. " + maxAngle + " rad" + (hasOutflowCell() ? " + outflow" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AngleGrid g && g.cells == cells && Arrays.equals(g.nodes, nodes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nodes) * 31 + cells;
    }
}
