package nusi.bench;

import java.util.concurrent.TimeUnit;
import nusi.bounds.PropagationModel;
import nusi.grid.EnergyResolution;
import nusi.physics.Channels;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
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
 * F at the default resolution (40, 80, 160 bins per decade above 5 MeV, extrapolated) in the Lagrangian convention:
 * the s-channel alone (rank-one operator, O(N) sweeps) against s, t and u (general triangle: O(N^2) pair integrals
 * and sweeps), at the Fig. 3 mass (log10 M = -3.5, on the resonance's side) and for a light mediator (-7), for one
 * relic species, three mass states and Dirac neutrinos (one species; two cascades, A + W and A - W, each a general
 * triangle). {@code fraction}: F built afresh; {@code fractionInASearch}: one more coupling
 * of a search at that mass (all channels: the mass's coupling-independent tables made once, in the set-up).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ChannelsBenchmark {
    @Param({"S", "STU"})
    public Channels channels;

    @Param({"-3.5", "-7"})
    public double log10Mass;

    @Param({"one", "three", "dirac"})
    public String relics;

    private Mediator.Convention convention;

    private PropagationModel model;
    private java.util.function.DoubleUnaryOperator search;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        RelicMedium medium = new RelicMedium(RelicMedium.paperDefault().neutrinoMass(), 56.65, false, 50, true);
        convention = relics.equals("dirac") ? Mediator.Convention.LAGRANGIAN_DIRAC : Mediator.Convention.LAGRANGIAN;
        model = new PropagationModel(EnergyResolution.defaults(), medium, PinchedSpectrum.paperDefault(), 5.0,
                convention, !relics.equals("three") ? null : nusi.physics.MassStates.three(0.1,
                        nusi.physics.MassStates.Ordering.NORMAL, nusi.physics.MassStates.Flavour.E), channels);
        search = model.fractionAtMass(log10Mass);
    }

    @Benchmark
    public double fraction() {
        return model.fractionAboveThreshold(Mediator.ofLog10(log10Mass, -1.6, convention));
    }

    @Benchmark
    public double fractionInASearch() {
        return search.applyAsDouble(-1.6);
    }
}
