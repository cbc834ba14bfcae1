package nusi.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Figures with JFreeChart (headless): log-log line charts and colour maps with overlaid lines, written as
 * PNG and SVG. Axis labels always carry units.
 */
public final class Charts {
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), Color.BLACK};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A named line; dashed lines are drawn dashed. Points with non-positive y on a log axis are dropped. */
    public record Line(String name, double[] x, double[] y, boolean dashed, Color color) {
        public Line(String name, double[] x, double[] y, boolean dashed) {
            this(name, x, y, dashed, null);
        }
    }

    /** A colour map on a regular grid of cell centres (cellWidth x cellHeight in axis units). */
    public record ColourMap(double[] x, double[] y, double[] z, double cellWidth, double cellHeight, double zMin,
                            double zMax, String zLabel) {
    }

    public static JFreeChart lineChart(String title, String xLabel, String yLabel, boolean logX, boolean logY,
                                       List<Line> lines) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name(), false, true);
            for (int i = 0; i < l.x().length; i++) {
                double x = l.x()[i];
                double y = l.y()[i];
                if (!Double.isFinite(x) || !Double.isFinite(y) || (logX && x <= 0) || (logY && y <= 0)) {
                    continue;
                }
                s.add(x, y);
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++) {
            Color c = lines.get(i).color() != null ? lines.get(i).color() : PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesStroke(i, lines.get(i).dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{8f, 5f}, 0f)
                    : new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, axis(xLabel, logX), axis(yLabel, logY), r);
        style(plot);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Colour map with optional overlaid lines (e.g. contours, a threshold), drawn over the map. */
    public static JFreeChart colourMap(String title, String xLabel, String yLabel, ColourMap map, List<Line> overlays,
                                       boolean grey) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("map", new double[][]{map.x(), map.y(), map.z()});
        XYBlockRenderer block = new XYBlockRenderer();
        block.setBlockWidth(map.cellWidth());
        block.setBlockHeight(map.cellHeight());
        PaintScale scale = grey ? new GrayPaintScale(map.zMin(), map.zMax()) : viridis(map.zMin(), map.zMax());
        block.setPaintScale(scale);
        block.setSeriesVisibleInLegend(0, false);
        NumberAxis xAxis = (NumberAxis) axis(xLabel, false);
        NumberAxis yAxis = (NumberAxis) axis(yLabel, false);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, block);
        style(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        if (overlays != null && !overlays.isEmpty()) {
            XYSeriesCollection lines = new XYSeriesCollection();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            int k = 0;
            for (Line l : overlays) {
                XYSeries s = new XYSeries(l.name(), false, true);
                for (int i = 0; i < l.x().length; i++) {
                    if (Double.isFinite(l.x()[i]) && Double.isFinite(l.y()[i])) {
                        s.add(l.x()[i], l.y()[i]);
                    } else {
                        s.add(l.x()[i], null); // a break in the line
                    }
                }
                lines.addSeries(s);
                r.setSeriesPaint(k, l.color() != null ? l.color() : Color.WHITE);
                r.setSeriesStroke(k, l.dashed()
                        ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{9f, 6f}, 0f)
                        : new BasicStroke(2.5f));
                k++;
            }
            plot.setDataset(1, lines);
            plot.setRenderer(1, r);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot,
                overlays != null && !overlays.isEmpty());
        NumberAxis zAxis = new NumberAxis(map.zLabel());
        zAxis.setLabelFont(LABEL);
        zAxis.setTickLabelFont(TICKS);
        zAxis.setAutoRangeIncludesZero(false);
        zAxis.setRange(map.zMin(), map.zMax());
        PaintScaleLegend legend = new PaintScaleLegend(scale, zAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(5, 5, 5, 5));
        legend.setStripWidth(18);
        legend.setFrame(new BlockBorder(Color.GRAY));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The chart as an SVG document of the given size. */
    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGDocument();
    }

    private static ValueAxis axis(String label, boolean log) {
        ValueAxis a;
        if (log) {
            LogAxis la = new LogAxis(label);
            la.setBase(10);
            la.setTickUnit(new NumberTickUnit(1));
            la.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));
            la.setSmallestValue(1e-300);
            a = la;
        } else {
            NumberAxis na = new NumberAxis(label);
            na.setAutoRangeIncludesZero(false);
            a = na;
        }
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICKS);
        return a;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlinePaint(Color.GRAY);
    }

    /** A perceptually ordered dark-blue-to-yellow scale (viridis anchors), 256 steps. */
    static PaintScale viridis(double lo, double hi) {
        double[][] anchors = {{0.267, 0.005, 0.329}, {0.283, 0.141, 0.458}, {0.254, 0.265, 0.530},
            {0.207, 0.372, 0.553}, {0.164, 0.471, 0.558}, {0.128, 0.567, 0.551}, {0.135, 0.659, 0.518},
            {0.267, 0.749, 0.441}, {0.478, 0.821, 0.318}, {0.741, 0.873, 0.150}, {0.993, 0.906, 0.144}};
        double top = hi > lo ? hi : lo + 1;
        LookupPaintScale s = new LookupPaintScale(lo, top, anchorColour(anchors, 0));
        for (int k = 0; k < 256; k++) {
            double t = k / 255.0;
            s.add(lo + t * (top - lo), anchorColour(anchors, t));
        }
        return s;
    }

    private static Color anchorColour(double[][] anchors, double t) {
        double p = t * (anchors.length - 1);
        int i = Math.min((int) Math.floor(p), anchors.length - 2);
        double f = p - i;
        float[] c = new float[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (float) Math.min(1, Math.max(0, anchors[i][k] * (1 - f) + anchors[i + 1][k] * f));
        }
        return new Color(c[0], c[1], c[2]);
    }
}
