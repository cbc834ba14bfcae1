package nusi.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import nusi.plots.Charts;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Writes figures durably (the charts themselves are built in nusi.plots, which does no I/O). */
public final class Figures {
    private Figures() {
    }

    /** Writes name.png and name.svg into dir. */
    public static void save(JFreeChart chart, Path dir, String name, int width, int height) {
        save(chart, dir, name, width, height, true);
    }

    /** Writes name.png and, with {@code svgToo}, name.svg into dir. */
    public static void save(JFreeChart chart, Path dir, String name, int width, int height, boolean svgToo) {
        AtomicFiles.write(dir.resolve(name + ".png"), out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
        if (svgToo) {
            String svg = Charts.svg(chart, width, height);
            AtomicFiles.write(dir.resolve(name + ".svg"), out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
