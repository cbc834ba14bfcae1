package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.ResonantCrossSection;

/**
 * Three relic mass states (normal ordering, 0.1 eV, nu_e, 110 cm^-3 each) in the energy-angle solver on a given
 * backend, 48 energy bins x 12 cells, 1/cos off, against the energy-only three-state solver: the worst per-state,
 * per-bin difference of the angle-integrated counts over the total count. Shared by the core tests and the TornadoVM
 * module's.
 */
public final class MassStatesAgreement {
    static final PinchedSpectrum SOURCE = PinchedSpectrum.paperDefault();
    static final double DENSITY = 110;

    private MassStatesAgreement() {
    }

    /** The targets' summed operator on the angle grid fitted to the lightest state. */
    public static PhaseSpaceOperator combined(EnergyGrid eg, Mediator med, MassStates relics, int cells,
                                              boolean secant) {
        double nd = new nusi.physics.RelicMedium(relics.masses()[0], DENSITY, false, 50, secant).columnDensity();
        double lightest = java.util.Arrays.stream(relics.masses()).min().orElseThrow();
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, new ResonantCrossSection(med, lightest), lightest, cells,
                0.3);
        List<PhaseSpaceOperator> targets = new ArrayList<>();
        for (double m : relics.masses()) {
            targets.add(PhaseSpaceOperator.build(eg, ag, new ResonantCrossSection(med, m), m, nd, secant, 2));
        }
        return PhaseSpaceOperator.weightedSum(targets, relics.weights());
    }

    public static double worstPerState(double logM, double logG,
                                       Function<PhaseSpaceOperator, DiagonalSweepBackend> sweeps) {
        MassStates relics = MassStates.three(0.1, MassStates.Ordering.NORMAL, MassStates.Flavour.E);
        Mediator med = Mediator.ofLog10(logM, logG);
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, 48);
        PhaseSpaceOperator op = combined(eg, med, relics, 12, false);
        int n = eg.bins();
        int k = op.angleCells();
        double[] emitted = ExactEnergyPropagator.initialCounts(eg, SOURCE);
        double[] initial = new double[relics.count() * n * k + PhaseSpaceOperator.TRACKED_QUANTITIES];
        for (int s = 0; s < relics.count(); s++) {
            for (int j = 0; j < n; j++) {
                initial[s * n * k + j * k] = relics.weights()[s] * emitted[j];
            }
        }
        double[] state;
        try (MassStatesPhaseSpaceBackend b = new MassStatesPhaseSpaceBackend(op, relics.weights(), sweeps.apply(op))) {
            state = CramIntegrator.order48().propagate(b, initial, new double[]{1}, Integrator.Listener.NONE)
                    .states()[0];
        }
        MassStatesBackend oneD = MassStatesBackend.levels(eg, med, nusi.physics.Channels.S, relics,
                new nusi.physics.RelicMedium(relics.masses()[0], DENSITY, false, 50, false).columnDensity())
                .at(1, true);
        double[] exact = CramIntegrator.order48().propagate(oneD, oneD.splitOverStates(emitted), new double[]{1},
                Integrator.Listener.NONE).states()[0];
        double total = 0;
        for (double c : exact) {
            total += c;
        }
        double worst = 0;
        for (int s = 0; s < relics.count(); s++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int a = 0; a < k; a++) {
                    sum += state[s * n * k + j * k + a];
                }
                worst = Math.max(worst, Math.abs(sum - exact[s * n + j]) / total);
            }
        }
        return worst;
    }
}
