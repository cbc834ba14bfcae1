package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import nusi.grid.EnergyGrid;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Several relic mass states: the limits in which they reduce to one species, and the mass spectrum itself. */
class MassStatesTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();

    static double f(Mediator m, MassStates states, double nd) {
        return MassStatesBackend.fractionAboveThreshold(300, 20, 2, m, states, nd, SOURCE, 5).value();
    }

    /**
     * One state of weight 1, and three states of one mass with trivial mixing (only state 1 coupled), equal the
     * one-species solver (a different code path: the rank-one EnergyOnlyBackend) to 1e-12.
     */
    @ParameterizedTest(name = "log10 M = {0}, log10 g = {1}")
    @CsvSource({"-3.5, -1.75", "-2.9, -2.5", "-6, -1.9"})
    void oneCoupledStateIsTheOneSpeciesModel(double logM, double logG) {
        Mediator med = Mediator.ofLog10(logM, logG);
        double m = MEDIUM.neutrinoMass();
        double one = ExactEnergyPropagator.fractionAboveThreshold(300, 20, 2, new ResonantCrossSection(med, m), MEDIUM,
                SOURCE, 5).value();
        double single = f(med, MassStates.single(m), MEDIUM.columnDensity());
        MassStates trivial = new MassStates(new double[]{m, m, m}, new double[]{1, 0, 0}, "trivial mixing");
        double three = f(med, trivial, MEDIUM.columnDensity());
        // measured within 5.6e-16 (both)
        assertThat(Math.abs(single / one - 1)).isLessThanOrEqualTo(1e-14);
        assertThat(Math.abs(three / one - 1)).isLessThanOrEqualTo(1e-14);
    }

    /** A state of weight 0 drops out exactly: its mass does not change F by a single bit. */
    @Test
    void aStateOfVanishingWeightDropsOutExactly() {
        Mediator med = Mediator.ofLog10(-3, -2);
        double a = f(med, new MassStates(new double[]{5e-8, 6e-8, 5e-7}, new double[]{0.6, 0.4, 0}, "a"), 1e20);
        double b = f(med, new MassStates(new double[]{5e-8, 6e-8, 9e-8}, new double[]{0.6, 0.4, 0}, "b"), 1e20);
        assertThat(a).isEqualTo(b);
        double c = f(med, new MassStates(new double[]{5e-8, 6e-8, 9e-8}, new double[]{0.6, 0.3, 0.1}, "c"), 1e20);
        assertThat(c).isNotEqualTo(b);
    }

    static double fStu(Mediator m, MassStates states, double nd) {
        return MassStatesBackend.fractionAboveThreshold(300, 20, 2, m, nusi.physics.Channels.STU, states, nd, SOURCE, 5)
                .value();
    }

    /**
     * With the s-, t- and u-channels: three states of one mass with only state 1 coupled equal the one-species
     * all-channel operator (ChannelsEnergyOperator's own CRAM backend, a different code path).
     */
    @ParameterizedTest(name = "log10 M = {0}, log10 g = {1}")
    @CsvSource({"-3.5, -1.9", "-1.5, -1.0", "-6, -1.85"})
    void oneCoupledStateIsTheOneSpeciesModelWithAllChannels(double logM, double logG) {
        Mediator med = Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN);
        double m = MEDIUM.neutrinoMass();
        double one = ChannelsEnergyOperator.fractionAboveThreshold(300, 20, 2, new nusi.physics.ChannelsCrossSection(
                med, m, nusi.physics.Channels.STU), MEDIUM, SOURCE, 5).value();
        double three = fStu(med, new MassStates(new double[]{m, m, m}, new double[]{1, 0, 0}, "trivial mixing"),
                MEDIUM.columnDensity());
        // measured 2.9e-15, 0, 1.3e-15 (F = 2.8e-5, 0.95, 1.0e-7)
        assertThat(Math.abs(three / one - 1)).isLessThanOrEqualTo(1e-14);
    }

    /** With all channels too, a state of weight 0 drops out exactly, and with weight it does not. */
    @Test
    void aStateOfVanishingWeightDropsOutExactlyWithAllChannels() {
        Mediator med = Mediator.ofLog10(-3, -1.8, Mediator.Convention.LAGRANGIAN);
        double a = fStu(med, new MassStates(new double[]{5e-8, 6e-8, 5e-7}, new double[]{0.6, 0.4, 0}, "a"), 1e20);
        double b = fStu(med, new MassStates(new double[]{5e-8, 6e-8, 9e-8}, new double[]{0.6, 0.4, 0}, "b"), 1e20);
        assertThat(a).isEqualTo(b);
        double c = fStu(med, new MassStates(new double[]{5e-8, 6e-8, 9e-8}, new double[]{0.6, 0.3, 0.1}, "c"), 1e20);
        assertThat(c).isNotEqualTo(b);
    }

    /**
     * The general-triangle backend (all channels' layout) with the s-channel alone (K = 1) equals the rank-one
     * backend of the same three states: two independent solves of one operator, state by state.
     */
    @Test
    void theGeneralTriangleWithTheSChannelIsTheRankOneBackend() {
        Mediator med = Mediator.ofLog10(-3.2, -1.9, Mediator.Convention.LAGRANGIAN);
        MassStates relics = MassStates.three(0.1, MassStates.Ordering.NORMAL, MassStates.Flavour.E);
        EnergyGrid grid = EnergyGrid.anchored(1e-3, 300, 30, 5);
        double nd = MEDIUM.columnDensity();
        MassStatesBackend rankOne = MassStatesBackend.levels(grid, med, nusi.physics.Channels.S, relics, nd).at(1, true);
        java.util.List<ChannelsEnergyOperator> ops = new java.util.ArrayList<>();
        for (double m : relics.masses()) {
            ops.add(ChannelsEnergyOperator.build(grid, new nusi.physics.ChannelsCrossSection(med, m,
                    nusi.physics.Channels.S), nd));
        }
        MassStatesBackend general = MassStatesBackend.ofChannels(ops, relics.weights());
        double[] v = rankOne.splitOverStates(ExactEnergyPropagator.initialCounts(grid, SOURCE));
        CramIntegrator cram = CramIntegrator.order48();
        double[] a = cram.propagate(rankOne, v.clone(), new double[]{1}, Integrator.Listener.NONE).states()[0];
        double[] b = cram.propagate(general, v.clone(), new double[]{1}, Integrator.Listener.NONE).states()[0];
        double worst = 0;
        double total = java.util.Arrays.stream(a).sum();
        for (int k = 0; k < a.length; k++) {
            worst = Math.max(worst, Math.abs(a[k] - b[k]) / total);
        }
        // measured 2.5e-17 of the total count (largest per-cell difference); F (0.018) equal to the bit
        assertThat(worst).isLessThanOrEqualTo(1e-15);
        assertThat(general.countAbove(b, 5)).isCloseTo(rankOne.countAbove(a, 5), within(1e-15));
    }

    @Test
    void threeStatesFromTheSumHaveTheSplittingsAndUnitaryWeights() {
        for (MassStates.Ordering o : MassStates.Ordering.values()) {
            MassStates e = MassStates.three(0.12, o, MassStates.Flavour.E);
            double[] m = e.masses();
            assertThat((m[0] + m[1] + m[2]) * 1e6).isCloseTo(0.12, within(1e-12));
            double d21 = (m[1] * m[1] - m[0] * m[0]) * 1e12;
            assertThat(d21).isCloseTo(7.41e-5, within(1e-12));
            double[] sum = new double[3];
            for (MassStates.Flavour f : MassStates.Flavour.values()) {
                MassStates s = MassStates.three(0.12, o, f);
                assertThat(s.weights()[0] + s.weights()[1] + s.weights()[2]).isCloseTo(1, within(1e-14));
                for (int i = 0; i < 3; i++) {
                    sum[i] += s.weights()[i];
                }
            }
            for (int i = 0; i < 3; i++) {
                assertThat(sum[i]).as("sum over flavours of |U_fi|^2, state %d", i).isCloseTo(1, within(1e-14));
            }
        }
        assertThatThrownBy(() -> MassStates.three(0.05, MassStates.Ordering.NORMAL, MassStates.Flavour.E))
                .hasMessage("mass sum (eV) must be > 0.0587 for the normal ordering (below it the lightest state "
                        + "would be massless), got 0.05");
        assertThatThrownBy(() -> MassStates.three(0.09, MassStates.Ordering.INVERTED, MassStates.Flavour.E))
                .hasMessageStartingWith("mass sum (eV) must be > 0.0992 for the inverted ordering");
    }
}
