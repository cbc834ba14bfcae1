package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.bounds.PropagationModel;
import nusi.bounds.TimingCriterion;
import nusi.physics.Mediator;
import nusi.transport.ArrivalWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation of the timing criterion (TimingCriterion.evaluate: ArrivalWindow's bracket for one window and
 * geometry on the 40-bins-per-decade grid above 5 MeV, 50 bins, plus the extrapolated F), what the timing bound's
 * coupling search calls near the crossing: at the flat-region bound (log10 M = -7, log10 g = -2.01) and at the
 * paper's Fig. 3 point (log10 M = -3.5, log10 g = -1.75).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ArrivalWindowBenchmark {
    @Param({"flat-bound", "fig3"})
    public String point;

    @Param({"THREE_D_POINT", "PLANAR_SLAB"})
    public ArrivalWindow.Picture picture;

    private final PropagationModel model = PropagationModel.paperDefault();

    @Benchmark
    public double inWindow() {
        Mediator m = point.equals("fig3") ? Mediator.ofLog10(-3.5, -1.75) : Mediator.ofLog10(-7, -2.01);
        return new TimingCriterion(10, picture).evaluate(model, m).upperBound();
    }
}
