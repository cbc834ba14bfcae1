package nusi.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContourTest {
    @Test
    void contourOfALinearFieldLiesExactlyOnTheLevelLine() {
        double[] x = LinearGrid.of(-1, 1, 11);
        double[] y = LinearGrid.of(-2, 2, 17);
        double[][] z = new double[y.length][x.length];
        for (int j = 0; j < y.length; j++) {
            for (int i = 0; i < x.length; i++) {
                z[j][i] = 2 * x[i] - y[j];
            }
        }
        List<Contour.Segment> segs = Contour.segments(x, y, z, 0.3);
        assertThat(segs).isNotEmpty();
        for (Contour.Segment s : segs) {
            assertThat(2 * s.x1() - s.y1()).isCloseTo(0.3, within(1e-12));
            assertThat(2 * s.x2() - s.y2()).isCloseTo(0.3, within(1e-12));
        }
    }

    @Test
    void contourOfACircleStaysWithinAQuadraticallyShrinkingBound() {
        for (int n : new int[]{21, 41, 81, 161}) {
            double h = 2.0 / (n - 1);
            assertThat(circleError(n)).as("n = %d", n).isLessThan(h * h / 4);
        }
    }

    private static double circleError(int n) {
        double[] x = LinearGrid.of(-1, 1, n);
        double[][] z = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                z[j][i] = Math.hypot(x[i], x[j]) - 0.5;
            }
        }
        double worst = 0;
        List<Contour.Segment> segs = Contour.segments(x, x, z, 0);
        assertThat(segs.size()).isGreaterThan(n / 2);
        for (Contour.Segment s : segs) {
            worst = Math.max(worst, Math.abs(Math.hypot(s.x1(), s.y1()) - 0.5));
        }
        return worst;
    }

    static final class LinearGrid {
        static double[] of(double a, double b, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = a + (b - a) * i / (n - 1);
            }
            return v;
        }
    }
}
