package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;

import nusi.grid.EnergyGrid;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Three relic mass states in the energy-angle solver (issue 15), on the Java reference and on OpenCL: angle-integrated,
 * per supernova state, against the energy-only three-state solver ({@link MassStatesBackend}, an independent O(N) Sherman-Morrison sweep); and one
 * coupled state against the one-species energy-angle solver.
 */
class MassStatesPhaseSpaceTest {
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();
    static final double DENSITY = 110;

    static PhaseSpaceOperator combined(EnergyGrid eg, Mediator med, MassStates relics, int cells, boolean secant) {
        return MassStatesAgreement.combined(eg, med, relics, cells, secant);
    }

    /** The sweep of the summed operator: the Java reference, or OpenCL (PoCL in CI) in either layout. */
    static DiagonalSweepBackend sweep(String backend, PhaseSpaceOperator op) {
        return switch (backend) {
            case "cpu" -> new CpuBackend(op, 2);
            case "opencl-rows" -> nusi.transport.opencl.OpenClBackend.on(op, nusi.transport.opencl.OpenClDevices
                    .choose(System.getProperty("nusi.test.device")), Precision.FP64,
                    nusi.transport.opencl.OpenClBackend.Layout.ROWS);
            case "opencl-cells" -> nusi.transport.opencl.OpenClBackend.on(op, nusi.transport.opencl.OpenClDevices
                    .choose(System.getProperty("nusi.test.device")), Precision.FP64,
                    nusi.transport.opencl.OpenClBackend.Layout.CELLS);
            default -> throw new IllegalArgumentException(backend);
        };
    }

    @ParameterizedTest(name = "log10 M = {0}, log10 g = {1}, {2}")
    @CsvSource({"-3.5, -1.75, cpu", "-3.2, -2.0, cpu", "-6, -1.8, cpu", "-3.5, -1.75, opencl-rows",
        "-3.2, -2.0, opencl-cells"})
    void perStateCountsEqualTheEnergyOnlyThreeStateSolver(double logM, double logG, String backend) {
        // measured: every state and bin within 1.4e-16 of the total count (cpu, three points), 1.4e-16 and 7.7e-17
        // (OpenCL rows and cells layouts, PoCL)
        assertThat(MassStatesAgreement.worstPerState(logM, logG, op -> sweep(backend, op))).isLessThan(1e-14);
    }

    /**
     * The reduction's solves against its own apply, 1/cos on, for a real shift and CRAM's pole with the most negative
     * real part: (I - c A) z = b to rounding.
     */
    @org.junit.jupiter.api.Test
    void theReducedSolvesInvertTheThreeStateOperator() {
        MassStates relics = MassStates.three(0.1, MassStates.Ordering.INVERTED, MassStates.Flavour.MU);
        PhaseSpaceOperator op = combined(EnergyGrid.logSpaced(1e-5, 300, 40), Mediator.ofLog10(-3.5, -1.75), relics,
                10, true);
        long seed = 3;
        try (MassStatesPhaseSpaceBackend b = new MassStatesPhaseSpaceBackend(op, relics.weights(), 2)) {
            double[] rhs = AzimuthalCpuBackendTest.uniformRandom(b.length(), seed);
            // measured: 4.7e-16 (real) and 3.5e-16 (complex) of the largest count (seed 3)
            assertThat(ShiftedSolveResiduals.real(b, 0.21, rhs)).as("seed %d", seed).isLessThan(1e-14);
            double[] c = ShiftedSolveResiduals.mostNegativePole();
            assertThat(ShiftedSolveResiduals.complex(b, c[0], c[1], rhs)).as("seed %d", seed).isLessThan(1e-14);
        }
    }

    /** One coupled state (weights 1, 0, 0; equal masses) is the one-species energy-angle solver. */
    @org.junit.jupiter.api.Test
    void oneCoupledStateIsTheOneSpeciesSolver() {
        double m = 5e-8;
        MassStates relics = new MassStates(new double[]{m, m, m}, new double[]{1, 0, 0}, "one coupled state");
        Mediator med = Mediator.ofLog10(-3.5, -1.75);
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 40);
        PhaseSpaceOperator op = combined(eg, med, relics, 10, true);
        double[] initial1 = EnergyAngleSolver.initialState(op, SOURCE);
        int cells = op.energyBins() * op.angleCells();
        double[] initial3 = new double[3 * cells + PhaseSpaceOperator.TRACKED_QUANTITIES];
        System.arraycopy(initial1, 0, initial3, 0, cells);
        double[] three;
        double[] one;
        try (MassStatesPhaseSpaceBackend b = new MassStatesPhaseSpaceBackend(op, relics.weights(), 2);
             CpuBackend c = new CpuBackend(op, 2)) {
            three = b.summedOverStates(CramIntegrator.order48().propagate(b, initial3, new double[]{1},
                    Integrator.Listener.NONE).states()[0]);
            one = CramIntegrator.order48().propagate(c, initial1, new double[]{1}, Integrator.Listener.NONE)
                    .states()[0];
        }
        double total = 0;
        double worst = 0;
        for (int p = 0; p < cells; p++) {
            total += one[p];
        }
        for (int p = 0; p < one.length; p++) {
            worst = Math.max(worst, Math.abs(three[p] - one[p]));
        }
        // measured: 7.2e-17 of the total (cells and tracked quantities)
        assertThat(worst / total).isLessThan(1e-14);
    }
}
