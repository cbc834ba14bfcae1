package nusi.transport.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.transport.CpuBackend;
import nusi.transport.CramIntegrator;
import nusi.transport.EnergyAngleResult;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.EnergySpectrumResult;
import nusi.transport.ExactEnergyPropagator;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.Precision;
import nusi.transport.TransportBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15's cross-check for the coupling conventions: the energy-angle solver (CRAM, 1/cos off) on the Java
 * reference and on the OpenCL backend (PoCL in CI), angle-integrated, against the exact energy-only solver on the
 * same energy grid, in the Lagrangian convention (56.65 cm^-3) as in the paper's. Every bin above 1e-30 of the total.
 */
class ModelOptionsAcrossSolversTest {
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();

    @ParameterizedTest(name = "{0}, log10 M = {1}, log10 g = {2}, {3}")
    @CsvSource({"PAPER, -3.5, -1.75, cpu", "LAGRANGIAN, -3.5, -1.45, cpu", "LAGRANGIAN, -3.5, -1.45, opencl",
        "LAGRANGIAN, -6, -1.6, opencl"})
    void theEnergyAngleSolverMatchesTheEnergyOnlySolverInEitherConvention(Mediator.Convention convention, double logM,
                                                                          double logG, String backend) {
        RelicMedium medium = convention == Mediator.Convention.PAPER ? RelicMedium.paperDefault()
                : new RelicMedium(RelicMedium.paperDefault().neutrinoMass(), 56.65, false, 50, false);
        medium = medium.withSecantFactor(false);
        Mediator mediator = Mediator.ofLog10(logM, logG, convention);
        ResonantCrossSection xs = new ResonantCrossSection(mediator, medium.neutrinoMass());
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 48);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs, medium.neutrinoMass(), 12, 0.3);
        PhaseSpaceOperator op = PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(), medium.columnDensity(),
                false, 2);
        EnergyAngleResult r = solve(op, backend);
        EnergySpectrumResult exact = ExactEnergyPropagator.propagate(eg, xs, medium.columnDensity(),
                ExactEnergyPropagator.initialCounts(eg, SOURCE), 5.0);
        double worst = nusi.transport.AngleIntegratedAgreement.worstBin(exact.finalCounts(),
                r.angleIntegratedCounts());
        // measured: every bin within 3.9e-15, F within 1.1e-15 (both backends, both conventions)
        assertThat(worst).isLessThan(3e-14);
        assertThat(Math.abs(r.fractionAboveThreshold() / exact.fractionAboveThreshold() - 1)).isLessThan(1e-14);
    }

    /**
     * The s-, t- and u-channels in the energy-angle solver (PhaseSpaceOperator from a ChannelsCrossSection) against the
     * energy-only general-triangle operator on the same grid, on the Java reference and on OpenCL.
     */
    @ParameterizedTest(name = "stu, log10 M = {0}, log10 g = {1}, {2}")
    @CsvSource({"-3.5, -1.45, cpu", "-3.5, -1.45, opencl", "-6, -1.7, opencl"})
    void theEnergyAngleSolverMatchesTheEnergyOnlySolverWithAllChannels(double logM, double logG, String backend) {
        RelicMedium medium = new RelicMedium(RelicMedium.paperDefault().neutrinoMass(), 56.65, false, 50, false);
        nusi.physics.ChannelsCrossSection xs = new nusi.physics.ChannelsCrossSection(Mediator.ofLog10(logM, logG,
                Mediator.Convention.LAGRANGIAN), medium.neutrinoMass(), nusi.physics.Channels.STU);
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 48);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs.sChannel(), medium.neutrinoMass(), 12, 0.3);
        PhaseSpaceOperator op = PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(), medium.columnDensity(),
                false, 2);
        EnergyAngleResult r = solve(op, backend);
        nusi.transport.ChannelsEnergyOperator oneD = nusi.transport.ChannelsEnergyOperator.build(eg, xs,
                medium.columnDensity());
        double[] c1 = oneD.propagate(ExactEnergyPropagator.initialCounts(eg, SOURCE));
        double worst = nusi.transport.AngleIntegratedAgreement.worstBin(c1, r.angleIntegratedCounts());
        double f1 = eg.countAbove(c1, 5.0);
        // measured: every bin within 5.1e-15, F within 2.2e-15
        assertThat(worst).isLessThan(3e-14);
        assertThat(Math.abs(r.fractionAboveThreshold() / f1 - 1)).isLessThan(1e-14);
    }

    /**
     * Dirac neutrinos in the Lagrangian (two species, active and wrong helicity): the energy-angle run of the library
     * (EnergyAngleRun: its two cascades, A + W and A - W, on the chosen backend, halved and summed) against the
     * energy-only cascades on the same grid. The difference cascade's gains change sign; the sweeps take them as
     * they are.
     */
    @ParameterizedTest(name = "Dirac {0}, log10 M = {1}, log10 g = {2}, {3}")
    @CsvSource({"STU, -3.5, -1.45, CPU", "STU, -3.5, -1.45, OPENCL", "S, -2.9, -1.6, OPENCL", "STU, -6, -1.7, CPU"})
    void theEnergyAngleSolverMatchesTheEnergyOnlySolverForDirac(nusi.physics.Channels channels, double logM,
                                                                double logG, nusi.backends.Backends.Kind kind) {
        RelicMedium medium = new RelicMedium(RelicMedium.paperDefault().neutrinoMass(), 56.65, false, 50, false);
        Mediator mediator = Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN_DIRAC);
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 48);
        nusi.physics.Scenario sc = new nusi.physics.Scenario(mediator, medium, SOURCE, 5.0);
        nusi.study.EnergyAngleRun.Plan plan = new nusi.study.EnergyAngleRun.Plan(sc, eg, 12, 0.3,
                new nusi.backends.Backends.Choice(kind, 2, null, Precision.FP64),
                nusi.study.EnergyAngleRun.IntegratorKind.CRAM, EnergyAngleSolver.Settings.defaults(),
                new double[]{1}).withChannels(channels);
        EnergyAngleResult r = nusi.study.EnergyAngleRun.run(plan, nusi.transport.Integrator.Listener.NONE, d -> { })
                .result();
        double[] initial = ExactEnergyPropagator.initialCounts(eg, SOURCE);
        double[] c1 = nusi.transport.ChannelsEnergyOperator.activeCounts(eg, mediator, channels, medium, initial,
                nusi.physics.Parameter.ENERGY_BINS);
        double worst = nusi.transport.AngleIntegratedAgreement.worstBin(c1, r.angleIntegratedCounts());
        double f1 = eg.countAbove(c1, 5.0);
        // measured: every bin within 6.0e-15, F within 3.3e-15 (the Majorana cases' level)
        assertThat(worst).isLessThan(3e-14);
        assertThat(Math.abs(r.fractionAboveThreshold() / f1 - 1)).isLessThan(1e-14);
    }

    /** CRAM-48 on the Java reference ("cpu") or on the OpenCL backend in float64. */
    static EnergyAngleResult solve(PhaseSpaceOperator op, String backend) {
        try (TransportBackend b = backend.equals("cpu") ? new CpuBackend(op, 2)
                : OpenClBackend.create(op, null, Precision.FP64)) {
            return EnergyAngleSolver.propagate(b, EnergyAngleSolver.initialState(op, SOURCE), 5.0,
                    CramIntegrator.order48(), EnergyAngleSolver.StepListener.NONE);
        }
    }
}
