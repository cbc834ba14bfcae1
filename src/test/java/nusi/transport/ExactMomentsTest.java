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
     * 10 keV to 100 MeV. The same for the point source, 3D and planar, whose single delay is (T/2) theta~^2 x (1 - x).
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
            // 3D point source: D = (T/2) theta~^2 x (1 - x), <x^2 (1-x)^2>/<x (1-x)> = 1/5, so (T/10) <theta^4>/<theta^2>;
            // measured <= 8.6e-6 (the next order of the thin limit: it scales as g^4)
            double pointMean = m.meanDelay3dPoint()[j];
            double pointSecond = m.delaySpread3dPoint()[j] * m.delaySpread3dPoint()[j] + pointMean * pointMean;
            assertThat(pointSecond / pointMean / (T / 10 * s4 / s2) - 1).as("point source, bin %d", j)
                    .isBetween(-1e-4, 1e-4);
            // planar point source: the same single delay; measured <= 8.4e-5, the next order of the thin limit (it
            // scales as the optical depth, g^4: 8.4e-6 at log10 g = -4.25; the cross term 2 beta theta~ does not
            // average out as in 3D, whose deviation is ten times smaller)
            double planarMean = m.meanDelayPlanarPoint()[j];
            double planarSecond = m.delaySpreadPlanarPoint()[j] * m.delaySpreadPlanarPoint()[j]
                    + planarMean * planarMean;
            assertThat(planarSecond / planarMean / (T / 10 * s4 / s2) - 1).as("planar point source, bin %d", j)
                    .isBetween(-3e-4, 3e-4);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    /**
     * The planar slab's delay spread against an independent Monte Carlo of the branching process that the
     * energy-only operator describes (each neutrino of bin i scatters at rate nD sigma_i; each scattering makes two,
     * each landing in bin j with probability G_ji / (2 sigma_i), or below the grid), with one deflection per pair
     * (so that its pair means are exact powers), planar addition and D' = int theta^2 dx. 4 bins, optical depth ~1.
     * Each quantity within 4 standard errors of the Monte Carlo (batch means over 20 batches: the descendants of one
     * neutrino are correlated), seed fixed and printed.
     */
    @Test
    void planarSlabDelaySpreadMatchesAMonteCarloOfTheCascade() {
        Cascade c = Cascade.fourBins();
        long seed = Long.getLong("mc.seed", 11L);
        java.util.Random rnd = new java.util.Random(seed);
        double[][][] tally = new double[Cascade.BATCHES][c.n()][3];
        java.util.ArrayDeque<double[]> stack = new java.util.ArrayDeque<>();
        for (int bt = 0; bt < Cascade.BATCHES; bt++) {
            for (int p = 0; p < Cascade.PER_BATCH; p++) {
                stack.push(new double[]{c.emittedBin(rnd), 0, 0, 0});   // bin, x, theta, D'
                while (!stack.isEmpty()) {
                    double[] q = stack.pop();
                    int i = (int) q[0];
                    double step = c.step(i, rnd);
                    if (q[1] + step >= 1) {
                        c.tally(tally[bt], i, q[3] + q[2] * q[2] * (1 - q[1]));
                        continue;
                    }
                    double x = q[1] + step;
                    double dNow = q[3] + q[2] * q[2] * step;
                    for (int child = 0; child < 2; child++) {
                        int j = c.productBin(i, rnd);
                        if (j >= 0) {
                            stack.push(new double[]{j, x, q[2] + c.d1()[j * c.n() + i], dNow});
                        }
                    }
                }
            }
        }
        c.assertMatches(tally, c.m().meanDelayPlanarSlab(), c.m().delaySpreadPlanarSlab(), seed);
    }

    /**
     * The 3D point source's delay spread against a Monte Carlo of the same cascade: the arrival angle beta a vector,
     * each deflection x theta~ in a uniformly random azimuth, the delay the projected T beta^2 (1/x - 1)/2 added at
     * each scattering (exact at x = 1). Seed fixed and printed; within 4 batch-means standard errors (measured: at
     * most 2.8 with seed 12; at most 2.0 with seed 13 and 4 times the neutrinos, -Dmc.perBatch=200000).
     */
    @Test
    void threeDimensionalPointSourceDelaySpreadMatchesAMonteCarloOfTheCascade() {
        Cascade c = Cascade.fourBins();
        long seed = Long.getLong("mc.seed", 12L);
        java.util.Random rnd = new java.util.Random(seed);
        double[][][] tally = new double[Cascade.BATCHES][c.n()][3];
        java.util.ArrayDeque<double[]> stack = new java.util.ArrayDeque<>();
        for (int bt = 0; bt < Cascade.BATCHES; bt++) {
            for (int p = 0; p < Cascade.PER_BATCH; p++) {
                stack.push(new double[]{c.emittedBin(rnd), 0, 0, 0, 0});   // bin, x, beta_x, beta_y, D
                while (!stack.isEmpty()) {
                    double[] q = stack.pop();
                    int i = (int) q[0];
                    double step = c.step(i, rnd);
                    if (q[1] + step >= 1) {
                        c.tally(tally[bt], i, q[4]);
                        continue;
                    }
                    double x = q[1] + step;
                    double b2 = q[2] * q[2] + q[3] * q[3];
                    for (int child = 0; child < 2; child++) {
                        int j = c.productBin(i, rnd);
                        if (j >= 0) {
                            double phi = 2 * Math.PI * rnd.nextDouble();
                            double kick = x * c.d1()[j * c.n() + i];
                            double bx = q[2] + kick * Math.cos(phi);
                            double by = q[3] + kick * Math.sin(phi);
                            // T = 2: the projected delay T beta^2 (1/x - 1)/2 jumps by (1/x - 1) (beta'^2 - beta^2)
                            double d = q[4] + (1 / x - 1) * (bx * bx + by * by - b2);
                            stack.push(new double[]{j, x, bx, by, d});
                        }
                    }
                }
            }
        }
        c.assertMatches(tally, c.m().meanDelay3dPoint(), c.m().delaySpread3dPoint(), seed);
    }

    /**
     * The planar point source's delay spread against a Monte Carlo of the same cascade: beta a signed scalar, each
     * deflection adding x theta~ (planar addition), the delay as the projected-delay jumps. The mean is the chain
     * formula's (meanDelayPlanarPoint), the second moment the new beta^p D'^q system's. Seed fixed and printed.
     */
    @Test
    void planarPointSourceDelaySpreadMatchesAMonteCarloOfTheCascade() {
        Cascade c = Cascade.fourBins();
        long seed = Long.getLong("mc.seed", 14L);
        java.util.Random rnd = new java.util.Random(seed);
        double[][][] tally = new double[Cascade.BATCHES][c.n()][3];
        java.util.ArrayDeque<double[]> stack = new java.util.ArrayDeque<>();
        for (int bt = 0; bt < Cascade.BATCHES; bt++) {
            for (int p = 0; p < Cascade.PER_BATCH; p++) {
                stack.push(new double[]{c.emittedBin(rnd), 0, 0, 0});   // bin, x, beta, D
                while (!stack.isEmpty()) {
                    double[] q = stack.pop();
                    int i = (int) q[0];
                    double step = c.step(i, rnd);
                    if (q[1] + step >= 1) {
                        c.tally(tally[bt], i, q[3]);
                        continue;
                    }
                    double x = q[1] + step;
                    for (int child = 0; child < 2; child++) {
                        int j = c.productBin(i, rnd);
                        if (j >= 0) {
                            double b = q[2] + x * c.d1()[j * c.n() + i];
                            stack.push(new double[]{j, x, b, q[3] + (1 / x - 1) * (b * b - q[2] * q[2])});
                        }
                    }
                }
            }
        }
        c.assertMatches(tally, c.m().meanDelayPlanarPoint(), c.m().delaySpreadPlanarPoint(), seed);
    }

    /**
     * The branching process that the energy-only operator describes (each neutrino of bin i scatters at rate
     * nD sigma_i; each scattering makes two, each landing in bin j with probability G_ji / (2 sigma_i), or below the
     * grid), with one deflection per pair (so that its pair means are exact powers): 4 bins, optical depth ~1, T = 2
     * (so D = D' = D/(T/2)), and the exact moments of that operator.
     */
    record Cascade(EnergyOperator op, double[] d1, ExactMoments.Moments m) {
        static final int BATCHES = 20;
        static final int PER_BATCH = Integer.getInteger("mc.perBatch", 50_000);

        static Cascade fourBins() {
            EnergyGrid g = EnergyGrid.logSpaced(5, 80, 4);
            // far below the resonance: sigma ~ 1/E, so every bin scatters (optical depths ~2 down to ~0.15)
            ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-6, -2), MEDIUM.neutrinoMass());
            EnergyOperator shape = EnergyOperator.build(g, xs, 1.0);
            double meanSigma = 0;
            for (int j = 0; j < 4; j++) {
                meanSigma += shape.meanCrossSection(j) / 4;
            }
            EnergyOperator op = EnergyOperator.build(g, xs, 1.0 / meanSigma);   // optical depth ~1
            int n = g.bins();
            double[] d1 = new double[n * n];
            double[] d2 = new double[n * n];
            double[] d3 = new double[n * n];
            double[] d4 = new double[n * n];
            double[] k = new double[n * n];
            for (int j = 0; j < n; j++) {
                for (int i = j; i < n; i++) {
                    double d = 1e-3 * (1 + i - j);
                    d1[j * n + i] = d;
                    d2[j * n + i] = d * d;
                    d3[j * n + i] = d * d * d;
                    d4[j * n + i] = d * d * d * d;
                    k[j * n + i] = 1 - Math.cos(d);
                }
            }
            double[] initial = {0.1, 0.2, 0.3, 0.4};
            return new Cascade(op, d1, ExactMoments.compute(op, new PhaseSpaceOperator.PairMeans(d1, d2, k, d4, d3),
                    initial, 2.0, 5.0));
        }

        int n() {
            return op.grid().bins();
        }

        int emittedBin(java.util.Random rnd) {
            double u = rnd.nextDouble();
            return u < 0.1 ? 0 : u < 0.3 ? 1 : u < 0.6 ? 2 : 3;
        }

        double step(int bin, java.util.Random rnd) {
            return -Math.log(1 - rnd.nextDouble()) / (op.columnDensity() * op.meanCrossSection(bin));
        }

        /** A product's bin, or -1 below the grid. */
        int productBin(int source, java.util.Random rnd) {
            double r = rnd.nextDouble() * 2 * op.meanCrossSection(source);
            for (int j = source; j >= 0; j--) {
                r -= op.gain(j, source);
                if (r < 0) {
                    return j;
                }
            }
            return -1;
        }

        /** Per batch and bin: count, sum D, sum D^2, per primary. */
        void tally(double[][] batch, int bin, double delay) {
            batch[bin][0] += 1.0 / PER_BATCH;
            batch[bin][1] += delay / PER_BATCH;
            batch[bin][2] += delay * delay / PER_BATCH;
        }

        /** Count, N <D> and N <D^2> per bin within 4 batch-means standard errors (descendants are correlated). */
        void assertMatches(double[][][] tally, double[] meanDelay, double[] delaySpread, long seed) {
            for (int j = 0; j < n(); j++) {
                double exactN = m.counts()[j];
                double[] exact = {exactN, exactN * meanDelay[j],
                    exactN * (delaySpread[j] * delaySpread[j] + meanDelay[j] * meanDelay[j])};
                String[] what = {"count", "N <D>", "N <D^2>"};
                for (int q = 0; q < 3; q++) {
                    double mean = 0;
                    for (double[][] b : tally) {
                        mean += b[j][q] / BATCHES;
                    }
                    double var = 0;
                    for (double[][] b : tally) {
                        var += (b[j][q] - mean) * (b[j][q] - mean) / (BATCHES - 1);
                    }
                    double se = Math.sqrt(var / BATCHES);
                    System.out.printf("bin %d, %s (seed %d): Monte Carlo %.5e +- %.1e, exact %.5e%n", j, what[q], seed,
                            mean, se, exact[q]);
                    assertThat(Math.abs(mean - exact[q])).as("%s, bin %d, seed %d", what[q], j, seed)
                            .isLessThanOrEqualTo(4 * se + 1e-12 * Math.abs(exact[q]));
                }
            }
        }
    }

    /**
     * One scattering: the deflected angle is theta~ in both pictures, so the two slabs' delay spreads agree (the new
     * planar moment system against the 3D chain sum). Measured from 0.1 to 100 MeV within 8e-6, falling as 1/E; below,
     * multiple scattering sets in (9e-5 at 10 keV).
     */
    @Test
    void opticallyThinPlanarAndThreeDimensionalDelaySpreadsAgree() {
        EnergyGrid g = EnergyGrid.anchored(1e-2, 300, 20, 5);
        ExactMoments.Moments m = moments(-6, -4, g);
        int checked = 0;
        for (int j = 0; j < g.bins(); j++) {
            if (g.lowerEdge(j) < 0.1 || g.upperEdge(j) > 100 || !(m.delaySpread3dSlab()[j] > 0)) {
                continue;
            }
            assertThat(m.delaySpreadPlanarSlab()[j] / m.delaySpread3dSlab()[j] - 1).as("bin %d", j)
                    .isBetween(-3e-5, 3e-5);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }
}
