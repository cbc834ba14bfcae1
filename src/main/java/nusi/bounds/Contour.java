package nusi.bounds;

import java.util.ArrayList;
import java.util.List;

/**
 * Marching squares on a regular grid: the line segments where a sampled field crosses a level, with linear
 * interpolation along the cell edges (exact for a field linear in x and y). JFreeChart has no contour
 * renderer, hence this.
 */
public final class Contour {
    private Contour() {
    }

    /** A straight piece of the contour. */
    public record Segment(double x1, double y1, double x2, double y2) {
    }

    /**
     * @param x  ascending abscissae (columns)
     * @param y  ascending ordinates (rows)
     * @param z  z[row][column]; NaN cells are skipped
     */
    public static List<Segment> segments(double[] x, double[] y, double[][] z, double level) {
        List<Segment> out = new ArrayList<>();
        for (int j = 0; j + 1 < y.length; j++) {
            for (int i = 0; i + 1 < x.length; i++) {
                double[] cx = {x[i], x[i + 1], x[i + 1], x[i]};
                double[] cy = {y[j], y[j], y[j + 1], y[j + 1]};
                double[] cz = {z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i]};
                boolean skip = false;
                for (double v : cz) {
                    skip |= Double.isNaN(v);
                }
                if (skip) {
                    continue;
                }
                // Crossing points on the 4 edges (corner k to k+1).
                List<double[]> pts = new ArrayList<>(4);
                for (int k = 0; k < 4; k++) {
                    int l = (k + 1) % 4;
                    boolean a = cz[k] >= level;
                    boolean b = cz[l] >= level;
                    if (a != b) {
                        double t = (level - cz[k]) / (cz[l] - cz[k]);
                        pts.add(new double[]{cx[k] + t * (cx[l] - cx[k]), cy[k] + t * (cy[l] - cy[k])});
                    }
                }
                if (pts.size() == 2) {
                    out.add(new Segment(pts.get(0)[0], pts.get(0)[1], pts.get(1)[0], pts.get(1)[1]));
                } else if (pts.size() == 4) {
                    // Saddle: pair the crossings by the cell-centre value.
                    double centre = (cz[0] + cz[1] + cz[2] + cz[3]) / 4;
                    boolean firstHigh = cz[0] >= level;
                    if ((centre >= level) == firstHigh) {
                        out.add(seg(pts.get(0), pts.get(1)));
                        out.add(seg(pts.get(2), pts.get(3)));
                    } else {
                        out.add(seg(pts.get(0), pts.get(3)));
                        out.add(seg(pts.get(1), pts.get(2)));
                    }
                }
            }
        }
        return out;
    }

    private static Segment seg(double[] a, double[] b) {
        return new Segment(a[0], a[1], b[0], b[1]);
    }

    /** Segments as one polyline with NaN breaks between them (for a line plot). */
    public static double[][] asBrokenLine(List<Segment> segments) {
        double[] xs = new double[segments.size() * 3];
        double[] ys = new double[segments.size() * 3];
        int k = 0;
        for (Segment s : segments) {
            xs[k] = s.x1();
            ys[k++] = s.y1();
            xs[k] = s.x2();
            ys[k++] = s.y2();
            xs[k] = s.x2();
            ys[k++] = Double.NaN;
        }
        return new double[][]{xs, ys};
    }
}
