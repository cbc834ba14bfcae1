package nusi.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The delay axis: a linear split read back as hat functions gives the exact CDF of a uniform delay distribution. */
class DelayGridTest {
    @Test
    void aUniformDistributionSplitOnTheNodesReadsBackItsExactCumulativeFraction() {
        DelayGrid g = DelayGrid.throughWindow(40, 10, 1e6, 4);
        assertThat(g.node(0)).isZero();
        double top = 1e5;
        int samples = 200_000;
        double[] counts = new double[g.nodes()];
        int[] lower = new int[1];
        double[] share = new double[1];
        for (int s = 0; s < samples; s++) {
            double tau = top * (s + 0.5) / samples;
            g.split(tau, lower, share, 0);
            counts[lower[0]] += (1 - share[0]) / samples;
            counts[lower[0] + 1] += share[0] / samples;
        }
        for (double w : new double[]{10, 37, 1e3, 1e4}) {
            double read = 0;
            for (int k = 0; k < counts.length; k++) {
                read += counts[k] * g.fractionOfNodeBelow(k, w);
            }
            // exact w / top where the hats around w lie inside the uniform range (not near its end at top), but for the first
            // node (delays below it go to it whole) and the midpoint sampling
            assertThat(read).isCloseTo(w / top, within(2 * g.node(1) / top + 1e-6));
        }
    }

    @Test
    void theWindowIsANodeAndSmallDelaysGoToTheFirstPositiveNode() {
        DelayGrid g = DelayGrid.throughWindow(64, 10, 2.6e8, 4);
        boolean onNode = false;
        for (int k = 0; k < g.nodes(); k++) {
            onNode |= g.node(k) == 10;
        }
        assertThat(onNode).isTrue();
        int[] lower = new int[1];
        double[] share = new double[1];
        g.split(0, lower, share, 0);
        assertThat(lower[0]).isEqualTo(1);
        assertThat(share[0]).isZero();
        g.split(1e12, lower, share, 0);
        assertThat(lower[0] + 1).isEqualTo(g.nodes() - 1);
        assertThat(share[0]).isEqualTo(1);
    }
}
