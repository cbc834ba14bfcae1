package nusi.transport;

import static org.assertj.core.api.Assertions.assertThat;

import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PhysicalConstants;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import org.junit.jupiter.api.Test;

/** The exact moments of the four pictures against their analytic limits. */
class ExactMomentsTest {
    static final RelicMedium MEDIUM = RelicMedium.paperDefault();
    static final double T = MEDIUM.distanceKpc() * PhysicalConstants.CM_PER_KPC
            / PhysicalConstants.SPEED_OF_LIGHT_CM_PER_S;

    static ExactMoments.Moments moments(double logM, double logG, EnergyGrid g) {
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(logM, logG), MEDIUM.neutrinoMass());
        EnergyOperator op = EnergyOperator.build(g, xs, MEDIUM.columnDensity());
        return ExactMoments.compute(op, PhaseSpaceOperator.pairMeans(g, xs, MEDIUM.neutrinoMass(), 2),
                ExactEnergyPropagator.initialCounts(g, PinchedSpectrum.paperDefault()), T, 5.0);
    }

    /**
     * Optically thin (log10 M = -6, g = 1e-4: optical depth ~1e-6 above 10 keV): one deflection at a uniformly
     * distributed x, so the point source's planar mean arrival angle is 1/2 of the slab's (x theta~), its 3D rms
     * sqrt(1/3) (x^2 averages to 1/3) and its mean delay 1/3 (x (1 - x) against 1 - x), planar and 3D. Stated:
     * 1e-4 on each ratio from 10 keV to 100 MeV (measured worst 1.2e-5, in the 10 keV bin, <= 1e-6 above 0.1 MeV;
     * multiple scattering grows below: 4e-4 at 0.3 keV).
     */
    @Test
    void opticallyThinRatiosOfPointSourceToSlabAreAnalytic() {
        EnergyGrid g = EnergyGrid.anchored(1e-2, 300, 20, 5);
        ExactMoments.Moments m = moments(-6, -4, g);
        int checked = 0;
        for (int j = 0; j < g.bins(); j++) {
            if (g.upperEdge(j) > 100 || !(m.meanAnglePlanarSlab()[j] > 0)) {
                continue;
            }
            assertThat(m.meanArrivalAnglePlanarPoint()[j] / m.meanAnglePlanarSlab()[j] - 0.5).as("mean, bin %d", j)
                    .isBetween(-1e-4, 1e-4);
            assertThat(m.rmsArrivalAngle3dPoint()[j] / m.rmsAngle3dSlab()[j] - Math.sqrt(1.0 / 3))
                    .as("3D rms, bin %d", j).isBetween(-1e-4, 1e-4);
            assertThat(m.meanDelayPlanarPoint()[j] / m.meanDelayPlanarSlab()[j] - 1.0 / 3).as("planar delay, bin %d", j)
                    .isBetween(-1e-4, 1e-4);
            assertThat(m.meanDelay3dPoint()[j] / m.meanDelay3dSlab()[j] - 1.0 / 3).as("3D delay, bin %d", j)
                    .isBetween(-1e-4, 1e-4);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    /**
     * 3D: <cos theta_f> = <cos theta_i> cos theta~, which telescopes along any cascade to <1 - cos theta> ~
     * m (1/E - 1/E0) whatever g and M; far below the emitted energies (E <= 1 keV, E0 >~ MeV) that is m <1/E> over
     * the bin (uniform in E): m ln(hi/lo)/(hi - lo). At the Fig. 3 point, where every such neutrino has scattered
     * many times, for bins below 0.1 keV: within 1e-3 (measured: printed on failure; 1.1e-3 in the 1 keV bin of
     * this 20-per-decade grid, where m/E0 and the bin averages start to show). The planar picture's rms angle exceeds the 3D one everywhere
     * (angles only add there).
     */
    @Test
    void threeDimensionalOneMinusCosTelescopesAndPlanarAnglesExceedThreeDimensionalOnes() {
        EnergyGrid g = EnergyGrid.anchored(1e-6, 300, 20, 5);
        ExactMoments.Moments m = moments(-3.5, -1.75, g);
        double mass = MEDIUM.neutrinoMass();
        int checked = 0;
        for (int j = 0; j < g.bins(); j++) {
            double lo = g.lowerEdge(j);
            double hi = g.upperEdge(j);
            if (hi <= 1e-4) {
                double expected = mass * Math.log(hi / lo) / (hi - lo);
                assertThat(m.oneMinusCos3dSlab()[j] / expected - 1).as("bin %d", j).isBetween(-1e-3, 1e-3);
                checked++;
            }
            if (m.counts()[j] > 1e-30 && m.rmsAngle3dSlab()[j] > 0) {
                assertThat(m.rmsAnglePlanarSlab()[j]).as("bin %d", j).isGreaterThanOrEqualTo(m.rmsAngle3dSlab()[j]);
            }
        }
        assertThat(checked).isEqualTo(40); // 1e-6 to 1e-4 MeV at 20 bins per decade
        // Above 5 MeV at the Fig. 3 point the planar picture overstates the rms angle 2-3 times (physics.md).
        double ratio = m.aboveThreshold().rmsAnglePlanarSlab() / m.aboveThreshold().rmsAngle3dSlab();
        assertThat(ratio).isBetween(2.0, 3.0);
    }

    /**
     * The 3D slab's delay spread in the optically thin limit: one deflection at a uniform x gives D = (T/2) theta~^2
     * (1 - x), so <D^2>/<D> = (T/3) <theta~^4>/<theta~^2> over the scatterings that feed the bin, computed here
     * directly from the pair tables (gain times emitted count), not from the chains. Stated: 1e-4 relative from
     * 10 keV to 100 MeV.
     */
    @Test
    void thinLimitDelaySpreadFollowsFromTheFourthMomentOfTheDeflection() {
        EnergyGrid g = EnergyGrid.anchored(1e-2, 300, 20, 5);
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-6, -4), MEDIUM.neutrinoMass());
        EnergyOperator op = EnergyOperator.build(g, xs, MEDIUM.columnDensity());
        PhaseSpaceOperator.PairMeans pm = PhaseSpaceOperator.pairMeans(g, xs, MEDIUM.neutrinoMass(), 2);
        double[] n0 = ExactEnergyPropagator.initialCounts(g, PinchedSpectrum.paperDefault());
        ExactMoments.Moments m = ExactMoments.compute(op, pm, n0, T, 5.0);
        int n = g.bins();
        int checked = 0;
        for (int j = 0; j < n; j++) {
            if (g.upperEdge(j) > 100 || !(m.meanDelay3dSlab()[j] > 0)) {
                continue;
            }
            double s2 = 0;
            double s4 = 0;
            for (int i = j; i < n; i++) {
                double weight = op.gain(j, i) * n0[i];
                s2 += weight * pm.squaredDeflection()[j * n + i];
                s4 += weight * pm.fourthPowerDeflection()[j * n + i];
            }
            double expected = T / 3 * s4 / s2;
            double mean = m.meanDelay3dSlab()[j];
            double second = m.delaySpread3dSlab()[j] * m.delaySpread3dSlab()[j] + mean * mean;
            // Thin limit: <t^2>/<t> = (T/3) <theta^4>/<theta^2> (single scattering); measured <= 3.9e-7.
            assertThat(second / mean / expected - 1).as("bin %d", j).isBetween(-1e-4, 1e-4);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }
}
