package nusi.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import nusi.numerics.GaussLegendre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The energy and angle grids and the Gauss-Legendre rule they are integrated with. */
class GridTest {
    @Test
    void anchoredGridPutsAnEdgeExactlyOnTheThresholdAndNestsUnderDoubling() {
        EnergyGrid g = EnergyGrid.anchored(1e-6, 300, 40, 5);
        boolean onThreshold = false;
        for (double e : g.edges()) {
            onThreshold |= e == 5.0;
        }
        assertThat(onThreshold).isTrue();
        assertThat(g.minEnergy()).isLessThanOrEqualTo(1e-6);
        assertThat(g.maxEnergy()).isGreaterThanOrEqualTo(300);
        // Every edge at 40 per decade is an edge at 80 per decade (what the extrapolation's merges rely on).
        EnergyGrid fine = EnergyGrid.anchored(5, g.maxEnergy(), 80, 5);
        EnergyGrid upper = g.truncatedBelow(5);
        assertThat(fine.bins()).isEqualTo(2 * upper.bins());
        for (int i = 0; i <= upper.bins(); i++) {
            assertThat(fine.edges()[2 * i]).isEqualTo(upper.edges()[i]);
        }
        for (int i = 0; i < g.bins(); i++) {
            assertThat(g.upperEdge(i) / g.lowerEdge(i)).isCloseTo(Math.pow(10, 1.0 / 40), within(1e-12));
        }
    }

    @Test
    void countAboveSplitsTheBinHoldingTheEnergyUniformly() {
        EnergyGrid g = EnergyGrid.ofEdges(new double[]{1, 2, 4, 8});
        double[] counts = {1, 2, 4};
        assertThat(g.countAbove(counts, 2)).isEqualTo(6.0);
        assertThat(g.countAbove(counts, 3)).isCloseTo(1 + 4, within(1e-15)); // half of [2, 4] plus [4, 8]
        assertThat(g.countAbove(counts, 0.5)).isEqualTo(7.0);
        assertThat(g.countAbove(counts, 9)).isEqualTo(0.0);
        assertThat(g.binContaining(3)).isEqualTo(1);
        assertThat(g.truncatedBelow(3).minEnergy()).isEqualTo(2.0);
    }

    @Test
    void badGridsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> EnergyGrid.ofEdges(new double[]{1, 1}))
                .hasMessage("energy edges must increase strictly, got 1.0 then 1.0");
        assertThatThrownBy(() -> EnergyGrid.logSpaced(2, 1, 10))
                .hasMessage("maximum energy (MeV) must be > minimum energy 2.0, got 1.0");
        assertThatThrownBy(() -> AngleGrid.logSpaced(0, 1e-6, 0.3)).hasMessageContaining("angle bins");
    }

    @Test
    void angleGridHasThetaZeroLogNodesAndAnOutflowCell() {
        AngleGrid a = AngleGrid.logSpaced(6, 1e-4, 0.1);
        assertThat(a.cells()).isEqualTo(6);
        assertThat(a.nodeCount()).isEqualTo(5);
        assertThat(a.node(0)).isZero();
        assertThat(a.node(1)).isEqualTo(1e-4);
        assertThat(a.node(4)).isEqualTo(0.1);
        assertThat(a.node(2) / a.node(1)).isCloseTo(a.node(3) / a.node(2), within(1e-12));
        assertThat(a.hasOutflowCell()).isTrue();
        assertThat(a.representativeAngle(5)).isEqualTo(0.1);
        // sec - 1 without cancellation: 2 sin^2(t/2)/cos t = t^2/2 + 5 t^4/24 + ... (1 - cos t in double would be 0)
        double t = 1e-4;
        assertThat(a.secantMinusOne(1)).isCloseTo(t * t / 2 + 5 * t * t * t * t / 24, within(1e-24));
        AngleGrid single = AngleGrid.logSpaced(1, 1e-4, 0.1);
        assertThat(single.nodeCount()).isEqualTo(1);
        assertThat(single.hasOutflowCell()).isFalse();
    }

    /** An n-point rule integrates polynomials up to degree 2n - 1 exactly and no further. */
    @ParameterizedTest(name = "{0} points")
    @ValueSource(ints = {1, 2, 8, 12, 30})
    void gaussLegendreIsExactToDegreeTwoNMinusOne(int n) {
        GaussLegendre rule = new GaussLegendre(n);
        for (int d = 0; d <= 2 * n - 1; d++) {
            int degree = d;
            double exact = (Math.pow(3, degree + 1) - Math.pow(-1, degree + 1)) / (degree + 1);
            assertThat(rule.integrate(x -> Math.pow(x, degree), -1, 3)).as("degree %d", d)
                    .isCloseTo(exact, within(1e-12 * Math.max(1, Math.abs(exact))));
        }
        if (n <= 8) {
            // x^(2n) on [-1, 1] is not integrated exactly: the test could fail (for large n the error is below
            // rounding, so it is not checked there).
            double even = rule.integrate(x -> Math.pow(x, 2 * n), -1, 1);
            assertThat(Math.abs(even - 2.0 / (2 * n + 1))).as("degree 2n is not exact").isGreaterThan(1e-12);
        }
        double weights = 0;
        for (int i = 0; i < n; i++) {
            weights += rule.weight(i, -1, 3);
            assertThat(rule.node(i, -1, 3)).isBetween(-1.0, 3.0);
        }
        assertThat(weights).isCloseTo(4, within(1e-13));
    }
}
