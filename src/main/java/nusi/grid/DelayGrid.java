package nusi.grid;

import nusi.physics.Validation;

/**
 * The projected arrival delay axis of f(E, theta, tau) (physics.md, "Beyond the paper"), in seconds after the
 * unscattered front: node 0 is tau = 0 exactly and holds only the unscattered neutrinos, nodes 1..K-1 are
 * log-spaced from {@code firstDelay} to {@code lastDelay}; the last node also takes every delay beyond it. A delay
 * between two nodes is split linearly between them (count and mean delay kept), so the counts are read back as hat
 * functions: {@link #fractionOfNodeBelow} is exact for a delay distribution that is uniform over the hats.
 */
public final class DelayGrid {
    public static final int MAX_NODES = 1 << 12;

    private final double[] nodes;

    private DelayGrid(double[] nodes) {
        this.nodes = nodes;
    }

    /** K nodes: 0, then K - 1 log-spaced from first to last (s). */
    public static DelayGrid logSpaced(int nodes, double firstDelay, double lastDelay) {
        Validation.requireInRange("delay nodes", nodes, 3, MAX_NODES);
        Validation.requirePositiveFinite("first delay node (s)", firstDelay);
        Validation.requireInRange("last delay node (s)", lastDelay, firstDelay * (1 + 1e-12), 1e30);
        double[] t = new double[nodes];
        for (int k = 1; k < nodes; k++) {
            t[k] = firstDelay * Math.pow(lastDelay / firstDelay, (double) (k - 1) / (nodes - 2));
        }
        t[nodes - 1] = lastDelay;
        return new DelayGrid(t);
    }

    /**
     * K nodes up to {@code lastDelay} with the window on a node and about {@code decadesBelow} decades of nodes below
     * it (the resolution of short delays that the in-window fraction needs), log-spaced throughout.
     */
    public static DelayGrid throughWindow(int nodes, double window, double lastDelay, double decadesBelow) {
        Validation.requireInRange("delay nodes", nodes, 4, MAX_NODES);
        Validation.requirePositiveFinite("window (s)", window);
        Validation.requireInRange("last delay node (s)", lastDelay, window * 10, 1e30);
        double above = Math.log10(lastDelay / window);
        // nodes 1..K-1: m of them at or below the window's, K - 1 - m above
        int m = (int) Math.round((nodes - 2) * decadesBelow / (decadesBelow + above));
        m = Math.max(1, Math.min(nodes - 3, m));
        double ratio = Math.pow(lastDelay / window, 1.0 / (nodes - 1 - m));
        double[] t = new double[nodes];
        for (int k = 1; k < nodes; k++) {
            t[k] = window * Math.pow(ratio, k - m);
        }
        t[m] = window;
        t[nodes - 1] = lastDelay;
        return new DelayGrid(t);
    }

    public int nodes() {
        return nodes.length;
    }

    /** Delay of node k (s). */
    public double node(int k) {
        return nodes[k];
    }

    public double[] nodeValues() {
        return nodes.clone();
    }

    /** The ratio of neighbouring log nodes. */
    public double ratio() {
        return nodes[2] / nodes[1];
    }

    /**
     * Where a delay lands: {lower node, share of the upper node} with the lower node in [1, K - 2]. Delays below the
     * first positive node go to it whole (a scattered neutrino never lands on the unscattered node), delays beyond the
     * last node to the last node whole.
     */
    public void split(double tau, int[] lower, double[] upperShare, int at) {
        int last = nodes.length - 1;
        if (!(tau > nodes[1])) {
            lower[at] = 1;
            upperShare[at] = 0;
            return;
        }
        if (tau >= nodes[last]) {
            lower[at] = last - 1;
            upperShare[at] = 1;
            return;
        }
        int lo = 1;
        int hi = last;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (nodes[mid] <= tau) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lower[at] = lo;
        upperShare[at] = (tau - nodes[lo]) / (nodes[lo + 1] - nodes[lo]);
    }

    /**
     * The share of node k's hat (linear from node k - 1 to k and down to k + 1; node 0 and the last node are a point
     * mass at their delay) that lies at delays below w.
     */
    public double fractionOfNodeBelow(int k, double w) {
        int last = nodes.length - 1;
        double t = nodes[k];
        if (k == 0 || k == last) {
            return t <= w ? 1 : 0;
        }
        double lo = nodes[k - 1];
        double hi = nodes[k + 1];
        if (w <= lo) {
            return 0;
        }
        if (w >= hi) {
            return 1;
        }
        double dl = t - lo;
        double dh = hi - t;
        double area = (dl + dh) / 2;
        if (w <= t) {
            return (w - lo) * (w - lo) / (2 * dl) / area;
        }
        return (dl / 2 + dh / 2 - (hi - w) * (hi - w) / (2 * dh)) / area;
    }

    /** Node edges for output and figures: 0, then geometric midpoints between log nodes, the last node times its ratio. */
    public double[] cellEdges() {
        int k = nodes.length;
        double[] e = new double[k + 1];
        e[0] = 0;
        e[1] = nodes[1] / Math.sqrt(ratio());
        for (int i = 2; i < k; i++) {
            e[i] = Math.sqrt(nodes[i - 1] * nodes[i]);
        }
        e[k] = nodes[k - 1] * Math.sqrt(nodes[k - 1] / nodes[k - 2]);
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DelayGrid d && java.util.Arrays.equals(nodes, d.nodes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(nodes);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d delay nodes: 0, %.3g s .. %.3g s", nodes.length, nodes[1],
                nodes[nodes.length - 1]);
    }
}
