package nusi.transport.tornado;

import static org.assertj.core.api.Assertions.assertThat;

import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Channels;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.transport.ChannelsEnergyOperator;
import nusi.transport.CramIntegrator;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.ExactEnergyPropagator;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 on the TornadoVM backend: the energy-angle solver (CRAM, 1/cos off) in the Lagrangian convention, with the
 * s-channel alone and with the s-, t- and u-channels (PhaseSpaceOperator from a ChannelsCrossSection), angle-integrated
 * against the energy-only general-triangle operator on the same grid (ChannelsEnergyOperator's own CRAM backend: an
 * independent code path). As ModelOptionsAcrossSolversTest does for cpu and OpenCL.
 */
class TornadoUnderModelOptionsTest {
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();

    @ParameterizedTest(name = "{0}, log10 M = {1}, log10 g = {2}")
    @CsvSource({"S, -3.5, -1.45", "STU, -3.5, -1.45", "STU, -6, -1.7"})
    void theEnergyAngleSolverMatchesTheEnergyOnlySolver(Channels channels, double logM, double logG) {
        RelicMedium medium = new RelicMedium(RelicMedium.paperDefault().neutrinoMass(), 56.65, false, 50, false);
        ChannelsCrossSection xs = new ChannelsCrossSection(Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN),
                medium.neutrinoMass(), channels);
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 48);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs.sChannel(), medium.neutrinoMass(), 12, 0.3);
        PhaseSpaceOperator op = PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(), medium.columnDensity(),
                false, 2);
        EnergyAngleResult r;
        try (TransportBackend b = new TornadoProvider().create(op, System.getProperty("nusi.test.device"))) {
            assertThat(b.description()).contains("tornado");
            r = EnergyAngleSolver.propagate(b, EnergyAngleSolver.initialState(op, SOURCE), 5.0,
                    CramIntegrator.order48(), EnergyAngleSolver.StepListener.NONE);
        }
        double[] c1 = ChannelsEnergyOperator.build(eg, xs, medium.columnDensity())
                .propagate(ExactEnergyPropagator.initialCounts(eg, SOURCE));
        double worst = nusi.transport.AngleIntegratedAgreement.worstBin(c1, r.angleIntegratedCounts());
        double f1 = eg.countAbove(c1, 5.0);
        // measured on PoCL 3.1: every bin within 3.8e-15 (s), 1.3e-14 and 4.0e-15 (stu); F within 1.1e-15, 4.4e-16,
        // 2.0e-15
        assertThat(worst).isLessThan(5e-14);
        assertThat(Math.abs(r.fractionAboveThreshold() / f1 - 1)).isLessThan(1e-14);
    }

    /**
     * Dirac neutrinos (Lagrangian): each of the two cascades (A + W, A - W; the latter's gains change sign) on
     * TornadoVM, weighted into the active counts, against the energy-only cascades on the same grid.
     */
    @ParameterizedTest(name = "Dirac {0}, log10 M = {1}, log10 g = {2}")
    @CsvSource({"STU, -3.5, -1.45", "S, -2.9, -1.6"})
    void diracCascadesMatchTheEnergyOnlySolver(Channels channels, double logM, double logG) {
        RelicMedium medium = new RelicMedium(RelicMedium.paperDefault().neutrinoMass(), 56.65, false, 50, false);
        Mediator mediator = Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN_DIRAC);
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 48);
        double[] active = new double[eg.bins()];
        for (ChannelsCrossSection xs : ChannelsCrossSection.cascades(mediator, medium.neutrinoMass(), channels)) {
            AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs.sChannel(), medium.neutrinoMass(), 12, 0.3);
            PhaseSpaceOperator op = PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(),
                    medium.columnDensity(), false, 2);
            try (TransportBackend b = new TornadoProvider().create(op, System.getProperty("nusi.test.device"))) {
                double[] c = EnergyAngleSolver.propagate(b, EnergyAngleSolver.initialState(op, SOURCE), 5.0,
                        CramIntegrator.order48(), EnergyAngleSolver.StepListener.NONE).angleIntegratedCounts();
                for (int j = 0; j < active.length; j++) {
                    active[j] += xs.weight() * c[j];
                }
            }
        }
        double[] c1 = ChannelsEnergyOperator.activeCounts(eg, mediator, channels, medium,
                ExactEnergyPropagator.initialCounts(eg, SOURCE), nusi.physics.Parameter.ENERGY_BINS);
        double worst = nusi.transport.AngleIntegratedAgreement.worstBin(c1, active);
        // measured on PoCL 3.1: every bin within 5.3e-15 (stu) and 4.3e-15 (s); F within 3.3e-15 and 1.8e-15
        assertThat(worst).isLessThan(5e-14);
        assertThat(Math.abs(eg.countAbove(active, 5.0) / eg.countAbove(c1, 5.0) - 1)).isLessThan(1e-14);
    }

    /**
     * Three relic mass states in the energy-angle solver with TornadoVM's sweep taking the diagonal per cell: per state
     * and bin against the energy-only three-state solver (an independent Sherman-Morrison sweep), 1/cos off.
     */
    @org.junit.jupiter.api.Test
    void threeMassStatesMatchTheEnergyOnlyThreeStateSolver() {
        // measured on PoCL 3.1: every state and bin within 1.3e-16 of the total count
        assertThat(nusi.transport.MassStatesAgreement.worstPerState(-3.5, -1.75, op -> (nusi.transport.DiagonalSweepBackend)
                new TornadoProvider().create(op, System.getProperty("nusi.test.device")))).isLessThan(1e-14);
    }
}
