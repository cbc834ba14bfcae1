package nusi.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import nusi.grid.EnergyGrid;
import nusi.physics.Scenario;
import nusi.backends.Backends;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.ExactEnergyPropagator;
import nusi.transport.Integrator;
import org.junit.jupiter.api.Test;

/** The typed plan of an energy-angle run, used from Java without the CLI. */
class EnergyAngleRunTest {
    @Test
    void aPlanRunsToSeveralDistancesAndMatchesTheEnergyOnlySolver() {
        Scenario sc = Scenario.paperFig3();
        EnergyGrid eg = EnergyGrid.logSpaced(1e-3, 300, 32);
        EnergyAngleRun.Plan plan = new EnergyAngleRun.Plan(sc, eg, 12, 0.3, Backends.Choice.cpu(2),
                EnergyAngleRun.IntegratorKind.CRAM, EnergyAngleSolver.Settings.defaults(), new double[]{0.5, 1});
        EnergyAngleRun.Result r = EnergyAngleRun.run(plan, Integrator.Listener.NONE, d -> { });
        assertThat(r.atDistances()).hasSize(2);
        assertThat(r.result().distance()).isEqualTo(1.0);
        assertThat(r.backend()).contains("cpu").contains("cram48");
        // 1/cos on: F differs from the energy-only F by theta^2/2 times the optical depth (below 1e-6 here).
        double f1 = ExactEnergyPropagator.propagate(eg, sc.crossSection(), sc.medium(), sc.source(), sc.threshold())
                .fractionAboveThreshold();
        assertThat(r.result().fractionAboveThreshold() / f1 - 1).isCloseTo(0, within(1e-6));
        // Half way, fewer neutrinos have been scattered.
        assertThat(r.atDistances().get(0).count(20, 0)).isGreaterThan(r.result().count(20, 0));
        assertThatThrownBy(() -> new EnergyAngleRun.Plan(sc, eg, 12, 0.3, Backends.Choice.cpu(1),
                EnergyAngleRun.IntegratorKind.CRAM, EnergyAngleSolver.Settings.defaults(), new double[]{0.5}))
                .hasMessage("distances must end with x = 1 (the distance D of the medium)");
    }
}
