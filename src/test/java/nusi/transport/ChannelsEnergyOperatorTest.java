package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import nusi.grid.EnergyGrid;
import nusi.physics.Channels;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import org.junit.jupiter.api.Test;

/** The s-, t- and u-channel cross section and its general-triangle operator against limits and independent paths. */
class ChannelsEnergyOperatorTest {
    static final double M_NU = RelicMedium.paperDefault().neutrinoMass();
    static final RelicMedium MEDIUM = new RelicMedium(M_NU, 56.65, false, 50, true);

    static ChannelsCrossSection xs(double logM, double logG, Channels c) {
        return new ChannelsCrossSection(Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN), M_NU, c);
    }

    @Test
    void withTheSChannelAloneItIsTheFlatOperatorAndTheSameF() {
        // Independent paths: the general triangle (O(N^2) sweeps) against the rank-one operator of the flat case.
        EnergyGrid g = EnergyGrid.anchored(5, 300, 40, 5).truncatedBelow(5);
        for (double[] p : new double[][]{{-3.5, -1.45}, {-2.9, -2.2}, {-6, -1.9}}) {
            ChannelsCrossSection c = xs(p[0], p[1], Channels.S);
            ChannelsEnergyOperator general = ChannelsEnergyOperator.build(g, c, MEDIUM.columnDensity());
            EnergyOperator flat = EnergyOperator.build(g, c.sChannel(), MEDIUM.columnDensity(), false);
            for (int i = 0; i < g.bins(); i++) {
                assertThat(general.meanCrossSection(i)).isCloseTo(flat.meanCrossSection(i),
                        within(1e-14 * flat.meanCrossSection(i)));
                for (int j = 0; j <= i; j++) {
                    // measured: within 5.6e-15 relative (other rules on the same smooth dsig/dEf: 4 and 6 points far
                    // from the resonance against the resonant 12-point quadrature)
                    assertThat(general.gain(j, i)).isCloseTo(flat.gain(j, i), within(1e-14 * flat.gain(j, i)));
                }
            }
            double[] n0 = ExactEnergyPropagator.initialCounts(g, PinchedSpectrum.paperDefault());
            double f = general.fractionAboveThreshold(n0, 5);
            double ref = ExactEnergyPropagator.propagate(flat, n0, 5).fractionAboveThreshold();
            // measured 9.0e-15
            assertThat(f / ref - 1).isCloseTo(0, within(3e-14));
        }
    }

    @Test
    void forALightMediatorAllChannelsActAsASixTimesLargerSChannel() {
        // s >> M^2 for every energy above threshold: K = 6 but within a = M^2/s of x = 0 and 1, so F with all channels
        // at g is the s-channel's F at 6^(1/4) g (the same flat spectrum of produced neutrinos, six times the rate).
        nusi.bounds.PropagationModel s = new nusi.bounds.PropagationModel(nusi.grid.EnergyResolution.defaults(),
                MEDIUM, PinchedSpectrum.paperDefault(), 5.0, Mediator.Convention.LAGRANGIAN, null, Channels.S);
        nusi.bounds.PropagationModel stu = new nusi.bounds.PropagationModel(nusi.grid.EnergyResolution.defaults(),
                MEDIUM, PinchedSpectrum.paperDefault(), 5.0, Mediator.Convention.LAGRANGIAN, null, Channels.STU);
        for (double logG : new double[]{-2.2, -1.9}) {
            double fStu = stu.fractionAboveThreshold(Mediator.ofLog10(-7, logG, Mediator.Convention.LAGRANGIAN));
            double fS = s.fractionAboveThreshold(Mediator.ofLog10(-7, logG + Math.log10(6) / 4,
                    Mediator.Convention.LAGRANGIAN));
            // measured 6.7e-9 and 9.7e-8 (the ends of x, and the extrapolation's error)
            assertThat(fStu / fS - 1).as("log10 g = %s", logG).isCloseTo(0, within(5e-7));
        }
    }

    @Test
    void theEnergyAngleOperatorOfTheSChannelAloneIsThePapersOperator() {
        // The K-weighted pair means and the general gains with K = 1 against the flat build (other code paths).
        EnergyGrid g = EnergyGrid.logSpaced(1e-5, 300, 32);
        ChannelsCrossSection c = xs(-3.5, -1.45, Channels.S);
        nusi.grid.AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(g, c.sChannel(), M_NU, 8, 0.3);
        PhaseSpaceOperator.Arrays general = PhaseSpaceOperator.build(g, ag, c, M_NU, MEDIUM.columnDensity(), true, 2)
                .arrays();
        PhaseSpaceOperator.Arrays flat = PhaseSpaceOperator.build(g, ag, c.sChannel(), M_NU, MEDIUM.columnDensity(),
                true, 2).arrays();
        double worstGain = 0;
        double worstShift = 0;
        for (int p = 0; p < flat.gainRate().length; p++) {
            if (flat.gainRate()[p] > 0) {
                worstGain = Math.max(worstGain, Math.abs(general.gainRate()[p] / flat.gainRate()[p] - 1));
            }
            if (flat.shift()[p] > 0) {
                worstShift = Math.max(worstShift, Math.abs(general.shift()[p] / flat.shift()[p] - 1));
            }
        }
        // measured: gains 1.1e-15; shifts 2.7e-9, because the flat path divides by the exact Ef measure b - a and
        // the weighted one by its quadrature over v = sqrt(Ei - Ef), whose ends carry a rounding of eps Ei/(b - a)
        assertThat(worstGain).isLessThan(1e-14);
        assertThat(worstShift).isLessThan(1e-8);
    }

    @Test
    void theCoarsenedOperatorIsTheOperatorOfTheCoarserGrid() {
        // Independent: one built on 40 bins per decade, one summed from 80 (what the extrapolation uses).
        EnergyGrid coarse = EnergyGrid.anchored(5, 300, 40, 5);
        EnergyGrid fine = EnergyGrid.anchored(5, coarse.maxEnergy(), 80, 5);
        for (double logM : new double[]{-3.5, -6}) {
            ChannelsCrossSection c = xs(logM, -1.6, Channels.STU);
            ChannelsEnergyOperator summed = ChannelsEnergyOperator.build(fine, c, MEDIUM.columnDensity()).coarsened(2);
            ChannelsEnergyOperator direct = ChannelsEnergyOperator.build(coarse, c, MEDIUM.columnDensity());
            double worst = 0;
            for (int i = 0; i < coarse.bins(); i++) {
                worst = Math.max(worst, Math.abs(summed.meanCrossSection(i) / direct.meanCrossSection(i) - 1));
                for (int j = 0; j <= i; j++) {
                    worst = Math.max(worst, Math.abs(summed.gain(j, i) / direct.gain(j, i) - 1));
                }
            }
            // measured 2.3e-10 (log10 M = -3.5) and 2.4e-15 (-6), since the pair integrals grade their pieces towards
            // the a ln(Ei + E_res - lo) singularity below each bin (was 1.5e-8 and 9.8e-8 with one Gauss rule per bin)
            assertThat(worst).as("log10 M = %s", logM).isLessThan(1e-9);
        }
    }

    @Test
    void allChannelsLowerFWhereSIsFarAboveM2() {
        // Light mediator near the s-channel's bound: six times the scattering; measured F 0.106 (s) and 6.4e-6 (stu).
        EnergyGrid g = EnergyGrid.anchored(5, 300, 40, 5).truncatedBelow(5);
        double[] n0 = ExactEnergyPropagator.initialCounts(g, PinchedSpectrum.paperDefault());
        double fs = ChannelsEnergyOperator.build(g, xs(-6, -1.7, Channels.S), MEDIUM.columnDensity())
                .fractionAboveThreshold(n0, 5);
        double fstu = ChannelsEnergyOperator.build(g, xs(-6, -1.7, Channels.STU), MEDIUM.columnDensity())
                .fractionAboveThreshold(n0, 5);
        assertThat(fstu).isLessThan(fs * 1e-3);
    }


    /**
     * The pair integrals against an independent reference: each source bin split into 256 pieces of the resonant
     * quadrature, the x integrals by the x-space closed forms ({@link ChannelsCrossSection#relativeIntegral}), on a
     * grid from 1e-3 MeV (resonances inside it at log10 M = -3.5 and -2.5).
     */
    @Test
    void thePairIntegralsMatchAFinelySplitReference() {
        EnergyGrid g = EnergyGrid.anchored(1e-3, 300, 10, 5);
        int n = g.bins();
        for (double logM : new double[]{-6, -3.5, -2.5, -0.5}) {
            ChannelsCrossSection c = xs(logM, -1.6, Channels.STU);
            ChannelsEnergyOperator op = ChannelsEnergyOperator.build(g, c, MEDIUM.columnDensity());
            double worst = 0;
            for (int i = 0; i < n; i++) {
                double lo = g.lowerEdge(i);
                double hi = g.upperEdge(i);
                int source = i;
                double[] ref = new double[i + 2];
                double[] part = new double[i + 2];
                int pieces = 256;
                for (int k = 0; k < pieces; k++) {
                    c.sChannel().integrateDifferential(lo + (hi - lo) * k / pieces, lo + (hi - lo) * (k + 1) / pieces,
                            (e, v) -> {
                                v[0] = e * c.relativeIntegral(e, c.sChannel().minimumFinalEnergy(e) / e, 1);
                                for (int j = 0; j < source; j++) {
                                    v[1 + j] = e * c.relativeIntegral(e, g.lowerEdge(j) / e, g.upperEdge(j) / e);
                                }
                                v[1 + source] = e * c.relativeIntegral(e, lo / e, 1);
                            }, part);
                    for (int q = 0; q < part.length; q++) {
                        ref[q] += part[q];
                    }
                }
                double loss = ref[0] / (hi - lo);
                worst = Math.max(worst, Math.abs(op.meanCrossSection(i) - loss) / loss);
                for (int j = 0; j <= i; j++) {
                    worst = Math.max(worst, Math.abs(op.gain(j, i) - 2 * ref[1 + j] / (hi - lo)) / loss);
                }
            }
            // measured (relative to the bin's loss) 1.4e-11 at log10 M = -6, where E_res = 1e-5 MeV is below the
            // reference's own first pieces (part of it is the reference's error), 4.6e-12 at -3.5, 3.2e-14 above;
            // the build's earlier single 12-point rule per bin was off by 2e-7 for light mediators
            assertThat(worst).as("log10 M = %s", logM).isLessThan(5e-11);
        }
    }

    /**
     * A coupling search's F (the coupling-independent tables of one mass, replayed per coupling) against F built
     * afresh at each coupling, for one species and for three mass states, across the resonance and the light and
     * heavy regimes: two code paths (record and replay, sum at once) doing the same arithmetic on the same nodes, so
     * equal to the bit; a slip in the recorded offsets or entry ranges would show at once.
     */
    @Test
    void theTablesOfOneMassGiveFAtEveryCoupling() {
        nusi.physics.MassStates three = nusi.physics.MassStates.three(0.1, nusi.physics.MassStates.Ordering.NORMAL,
                nusi.physics.MassStates.Flavour.E);
        double worst = 0;
        for (nusi.physics.MassStates relics : new nusi.physics.MassStates[]{null, three}) {
            nusi.bounds.PropagationModel model = new nusi.bounds.PropagationModel(
                    new nusi.grid.EnergyResolution(1e-6, 300, 20, 2), MEDIUM, PinchedSpectrum.paperDefault(), 5.0,
                    Mediator.Convention.LAGRANGIAN, relics, Channels.STU);
            for (double logM : new double[]{-6, -3.2, -2.6, -0.8}) {
                java.util.function.DoubleUnaryOperator atMass = model.fractionAtMass(logM);
                for (double logG : new double[]{-2.5, -1.8, -1.2, 0.5}) {
                    double fresh = model.fractionAboveThreshold(logM, logG);
                    double tabled = atMass.applyAsDouble(logG);
                    worst = Math.max(worst, Math.abs(tabled - fresh) / Math.max(fresh, 1e-300));
                }
            }
        }
        // measured 0: the same products in the same order
        assertThat(worst).isZero();
    }
}
