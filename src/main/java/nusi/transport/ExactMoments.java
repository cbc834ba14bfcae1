package nusi.transport;

import nusi.grid.EnergyGrid;

/**
 * Exact angle and delay moments per energy bin in four pictures, {planar, 3D} x {slab, point source}, with no
 * angle or delay grid: chains of the energy-only operator ({@link MomentChains}; physics.md, "Beyond the paper").
 * With X = G o delta, X2 = G o delta2 and K = G o kappa (G the gains, delta, delta2, kappa the pair means of
 * theta~, theta~^2 and 1 - cos theta~) and chain(...) as in MomentChains, per unit of the count N of a bin:
 * <pre>
 *   planar slab (the paper):  sum theta f = chain(X); sum theta^2 f = chain(X2) + 2 chain(X, X);
 *                             delay = T/2 [chain(I, X2) + 2 chain(I, X, X)]
 *   3D slab (random azimuth): sum theta^2 f = chain(X2); delay = T/2 chain(I, X2);
 *                             sum (1 - cos theta) f: dU/dx = (A - K) U + K N   (<cos> multiplies by cos theta~)
 *   point source, arrival angle beta = b/D changed by x theta~ at x:
 *     planar: sum beta f = chain(X, I); sum beta^2 f = 2 chain(X, I, X, I) + 4 chain(X, X, I, I) + 2 chain(X2, I, I)
 *     3D:     sum beta^2 f = 2 chain(X2, I, I)
 *     delay (the projected delay T beta^2 (1/x - 1)/2 added at each scattering; equal to the delay at x = 1):
 *       planar: T [chain(X, X, I) - chain(X, I, X, I) - 2 chain(X, X, I, I)] + T/2 [chain(X2, I) - 2 chain(X2, I, I)]
 *       3D:     T/2 [chain(X2, I) - 2 chain(X2, I, I)]
 * </pre>
 * using x N = chain(I) and x^2 N = 2 chain(I, I). The spread of the 3D slab's delay D = (T/2) int theta^2 dx: with
 * Q = theta^2 (a scattering adds theta~^2 + 2 theta theta~ cos phi, so <Q^2> gains 4 Q theta~^2 + theta~^4) and
 * X4 = G o delta4, sum D^2 f = (T^2/2) [4 chain(I, I, X2, X2) + chain(I, I, X4) + chain(I, X2, I, X2)]. The spread
 * of the 3D point source's delay: with D' = D/(T/2) and B = beta^2, a scattering at x adds (1 - x)(x theta~^2 + c) to
 * D' and x^2 theta~^2 + x c to B, c = 2 beta.n theta~ (mean 0, mean square 2 B theta~^2 over the azimuth),
 * so dM02/dx = A M02 + 2 X2 (x - x^2) M01 + X4 (1 - x)^2 x^2 N + 2 X2 (1 - x)^2 M10 (M_pq = sum B^p D'^q f), the powers
 * of x by levels x^k L / k! (d/dx: A, the level below, and x^k/k! times L's sources). The planar point source: beta
 * signed, beta' = beta + x theta~ and D' += (1 - x)(x theta~^2 + 2 beta theta~), so M02 needs beta, beta^2 and beta D'
 * (their equations in the code, levels by {@link WeightedMoments}). Small angles throughout (theta << 1), as in the delay formula
 * d(delay)/dx = T (sec theta - 1) ~ T theta^2 / 2; T = D/c.
 */
public final class ExactMoments {
    private ExactMoments() {
    }

    /**
     * Per energy bin (ascending; NaN where a bin is empty): counts per emitted neutrino, angles in rad, delays in
     * seconds; {@code aboveThreshold} holds the same quantities for all neutrinos in the bins above the threshold.
     */
    public record Moments(EnergyGrid grid, double[] counts, double[] meanAnglePlanarSlab, double[] rmsAnglePlanarSlab,
                          double[] rmsAngle3dSlab, double[] oneMinusCos3dSlab, double[] meanArrivalAnglePlanarPoint,
                          double[] rmsArrivalAnglePlanarPoint, double[] rmsArrivalAngle3dPoint,
                          double[] meanDelayPlanarSlab, double[] meanDelay3dSlab, double[] meanDelayPlanarPoint,
                          double[] meanDelay3dPoint, double[] delaySpread3dSlab, double[] delaySpreadPlanarSlab,
                          double[] delaySpread3dPoint, double[] delaySpreadPlanarPoint, Summary aboveThreshold) {
    }

    /** The moments of all neutrinos above the threshold together (count-weighted). */
    public record Summary(double threshold, double count, double meanAnglePlanarSlab, double rmsAnglePlanarSlab,
                          double rmsAngle3dSlab, double oneMinusCos3dSlab, double meanArrivalAnglePlanarPoint,
                          double rmsArrivalAnglePlanarPoint, double rmsArrivalAngle3dPoint,
                          double meanDelayPlanarSlab, double meanDelay3dSlab, double meanDelayPlanarPoint,
                          double meanDelay3dPoint, double delaySpread3dSlab, double delaySpreadPlanarSlab,
                          double delaySpread3dPoint, double delaySpreadPlanarPoint) {
    }

    /**
     * @param initial         emitted counts per bin (ascending energy)
     * @param crossingTime    T = D/c of the distance, s
     * @param threshold       MeV, for the summary (bins entirely above it)
     */
    public static Moments compute(EnergyOperator op, PhaseSpaceOperator.PairMeans pairs, double[] initial,
                                  double crossingTime, double threshold) {
        return compute(new MomentChains(op), op.grid(), pairs, initial, crossingTime, threshold);
    }

    /**
     * As {@link #compute(EnergyOperator, PhaseSpaceOperator.PairMeans, double[], double, double)} with the s-, t- and
     * u-channels: the same chains on the general gain triangle, the pair means with Ef weighted by K(Ef/Ei).
     */
    public static Moments compute(ChannelsEnergyOperator op, PhaseSpaceOperator.PairMeans pairs, double[] initial,
                                  double crossingTime, double threshold) {
        return compute(new MomentChains(op), op.grid(), pairs, initial, crossingTime, threshold);
    }

    private static Moments compute(MomentChains c, EnergyGrid grid, PhaseSpaceOperator.PairMeans pairs,
                                   double[] initial, double crossingTime, double threshold) {
        double[] x1 = c.coupling(pairs.deflection());
        double[] x2 = c.coupling(pairs.squaredDeflection());
        double[] k = c.coupling(pairs.oneMinusCos());
        double[] x4 = c.coupling(pairs.fourthPowerDeflection());
        int n0 = MomentChains.COUNTS;
        int lX = c.add(n0, x1);               // chain(X)
        int lX2 = c.add(n0, x2);              // chain(X2)
        int lXX = c.add(lX, x1);              // chain(X, X)
        int lIX2 = c.add(lX2, null);          // chain(I, X2)
        int lIXX = c.add(lXX, null);          // chain(I, X, X)
        int lI = c.add(n0, null);             // chain(I) = x N
        int lXI = c.add(lI, x1);              // chain(X, I)
        int lII = c.add(lI, null);            // chain(I, I) = x^2 N / 2
        int lX2II = c.add(lII, x2);           // chain(X2, I, I)
        int lIXI = c.add(lXI, null);          // chain(I, X, I)
        int lXII = c.add(lII, x1);            // chain(X, I, I)
        int lXIXI = c.add(lIXI, x1);          // chain(X, I, X, I)
        int lXXII = c.add(lXII, x1);          // chain(X, X, I, I)
        int lXXI = c.add(lXI, x1);            // chain(X, X, I)
        int lX2I = c.add(lI, x2);             // chain(X2, I)
        int lU = c.add(n0, k, true);          // 3D sum (1 - cos theta) f
        int lX2X2 = c.add(lX2, x2);           // chain(X2, X2)
        int lIIX2X2 = c.add(c.add(lX2X2, null), null);   // chain(I, I, X2, X2)
        int lIIX4 = c.add(c.add(c.add(n0, x4), null), null);  // chain(I, I, X4)
        int lIX2IX2 = c.add(c.add(lIX2, x2), null);      // chain(I, X2, I, X2)
        // Planar slab, the delay's second moment: the moments M_pq = sum theta^p D'^q f (D' = int theta^2 dx, the
        // delay over T/2) close on themselves. A scattering adds theta~ to theta (binomial couplings of the pair
        // means of theta~^k), D' grows by theta^2 per unit x: dM_pq/dx = A M_pq + sum_k C(p,k) X_k M_(p-k)q
        // + q M_(p+2)(q-1).
        double[] x3 = c.coupling(pairs.cubicDeflection());
        int m10 = lX;
        int m20 = c.add(n0, x2);
        c.addSource(m20, m10, x1, 2);
        int m30 = c.add(n0, x3);
        c.addSource(m30, m10, x2, 3);
        c.addSource(m30, m20, x1, 3);
        int m40 = c.add(n0, x4);
        c.addSource(m40, m10, x3, 4);
        c.addSource(m40, m20, x2, 6);
        c.addSource(m40, m30, x1, 4);
        int m01 = c.add(m20, null);
        int m11 = c.add(m30, null);
        c.addSource(m11, m01, x1, 1);
        int m21 = c.add(m40, null);
        c.addSource(m21, m01, x2, 1);
        c.addSource(m21, m11, x1, 2);
        int m02Half = c.add(m21, null);                  // M_02 / 2
        // Planar point source: beta' = beta + x theta~, D' jumps by (1 - x)(x theta~^2 + 2 beta theta~); the moments
        // M_pq = sum beta^p D'^q f with their powers of x (WeightedMoments writes the levels).
        WeightedMoments.Moment nn = WeightedMoments.COUNTS;
        WeightedMoments.Moment m10p = new WeightedMoments.Moment("beta").plus(1, x1, 1, nn);
        WeightedMoments.Moment m20p = new WeightedMoments.Moment("beta^2").plus(2, x1, 1, m10p).plus(1, x2, 2, nn);
        WeightedMoments.Moment m01p = new WeightedMoments.Moment("D'").plus(1, x2, 1, nn).plus(-1, x2, 2, nn)
                .plus(2, x1, 0, m10p).plus(-2, x1, 1, m10p);
        WeightedMoments.Moment m11p = new WeightedMoments.Moment("beta D'").plus(1, x1, 1, m01p)
                .plus(3, x2, 1, m10p).plus(-3, x2, 2, m10p).plus(2, x1, 0, m20p).plus(-2, x1, 1, m20p)
                .plus(1, x3, 2, nn).plus(-1, x3, 3, nn);
        WeightedMoments.Moment m02p = new WeightedMoments.Moment("D'^2").plus(2, x2, 1, m01p).plus(-2, x2, 2, m01p)
                .plus(4, x1, 0, m11p).plus(-4, x1, 1, m11p)
                .plus(1, x4, 2, nn).plus(-2, x4, 3, nn).plus(1, x4, 4, nn)
                .plus(4, x3, 1, m10p).plus(-8, x3, 2, m10p).plus(4, x3, 3, m10p)
                .plus(4, x2, 0, m20p).plus(-8, x2, 1, m20p).plus(4, x2, 2, m20p);
        // 3D point source (class comment), in G1 = chain(X2, I) = X2 x N and H = chain(X2, I, I) = M10 / 2, so that
        // M01 = G1 - 2 H: dM02/dx = A M02 + 2 X2 (x - x^2)(G1 - 2 H) + X4 (1 - x)^2 x^2 N + 4 X2 (1 - x)^2 H
        WeightedMoments.Moment g1 = new WeightedMoments.Moment("X2 x N").plus(1, x2, 1, nn);
        WeightedMoments.Moment h = new WeightedMoments.Moment("beta^2 / 2").plus(0.5, x2, 2, nn);
        WeightedMoments.Moment m02t = new WeightedMoments.Moment("D'^2, 3D").plus(2, x2, 1, g1).plus(-2, x2, 2, g1)
                .plus(4, x2, 0, h).plus(-12, x2, 1, h).plus(8, x2, 2, h)
                .plus(1, x4, 2, nn).plus(-2, x4, 3, nn).plus(1, x4, 4, nn);
        WeightedMoments wm = new WeightedMoments(c);
        // levels built above: x N, x^2 N / 2, chain(X, I) = sum beta f (planar), chain(X2, I), chain(X2, I, I)
        wm.known(nn, 1, lI);
        wm.known(nn, 2, lII);
        wm.known(m10p, 0, lXI);
        wm.known(g1, 0, lX2I);
        wm.known(h, 0, lX2II);
        int pointD2 = wm.level(m02t, 0);
        int planarPointD = wm.level(m01p, 0);
        int planarPointD2 = wm.level(m02p, 0);
        int n = grid.bins();
        double[] v = new double[c.length()];
        System.arraycopy(initial, 0, v, 0, n);
        double[] w = CramIntegrator.order48().propagate(c, v, new double[]{1}, Integrator.Listener.NONE).states()[0];
        double t = crossingTime;
        double[][] sums = new double[19][n];
        for (int j = 0; j < n; j++) {
            double[] s = sums[0];
            s[j] = w[j];
            sums[1][j] = w[lX * n + j];
            sums[2][j] = w[lX2 * n + j] + 2 * w[lXX * n + j];
            sums[3][j] = w[lX2 * n + j];
            sums[4][j] = w[lU * n + j];
            sums[5][j] = w[lXI * n + j];
            sums[6][j] = 2 * w[lXIXI * n + j] + 4 * w[lXXII * n + j] + 2 * w[lX2II * n + j];
            sums[7][j] = 2 * w[lX2II * n + j];
            sums[8][j] = t / 2 * (w[lIX2 * n + j] + 2 * w[lIXX * n + j]);
            sums[9][j] = t / 2 * w[lIX2 * n + j];
            sums[10][j] = t * (w[lXXI * n + j] - w[lXIXI * n + j] - 2 * w[lXXII * n + j])
                    + t / 2 * (w[lX2I * n + j] - 2 * w[lX2II * n + j]);
            sums[11][j] = t / 2 * (w[lX2I * n + j] - 2 * w[lX2II * n + j]);
            sums[12][j] = t * t / 2 * (4 * w[lIIX2X2 * n + j] + w[lIIX4 * n + j] + w[lIX2IX2 * n + j]);
            sums[13][j] = t * t / 4 * 2 * w[m02Half * n + j];   // planar slab <D^2>, D = (T/2) D'
            sums[14][j] = t / 2 * w[m01 * n + j];               // planar slab <D> from the same system
            sums[15][j] = t * t / 4 * w[pointD2 * n + j];        // 3D point <D^2>
            sums[16][j] = t / 2 * (w[lX2I * n + j] - 2 * w[lX2II * n + j]);   // 3D point <D>
            sums[17][j] = t * t / 4 * w[planarPointD2 * n + j];  // planar point <D^2>
            sums[18][j] = t / 2 * w[planarPointD * n + j];       // planar point <D> from the same system
        }
        // Per bin: means of the sums over N; the second moments as rms.
        boolean[] rms = {false, false, true, true, false, false, true, true, false, false, false, false, false, false,
            false, false, false, false, false};
        double[][] per = new double[19][n];
        double[] total = new double[19];
        EnergyGrid g = grid;
        for (int j = 0; j < n; j++) {
            boolean above = g.lowerEdge(j) >= threshold;
            for (int q = 1; q < 19; q++) {
                double mean = w[j] > 0 ? sums[q][j] / w[j] : Double.NaN;
                per[q][j] = rms[q] ? Math.sqrt(mean) : mean;
                if (above) {
                    total[q] += sums[q][j];
                }
            }
            if (above) {
                total[0] += w[j];
            }
        }
        double[] agg = new double[19];
        for (int q = 1; q < 19; q++) {
            double mean = total[0] > 0 ? total[q] / total[0] : Double.NaN;
            agg[q] = rms[q] ? Math.sqrt(mean) : mean;
        }
        // the spreads sqrt(<D^2> - <D>^2): the second moments in 12, 13, 15, 17, the means of the same systems beside
        int[][] secondAndMean = {{12, 9}, {13, 14}, {15, 16}, {17, 18}};
        for (int[] sm : secondAndMean) {
            for (int j = 0; j < n; j++) {
                per[sm[0]][j] = Math.sqrt(Math.max(0, per[sm[0]][j] - per[sm[1]][j] * per[sm[1]][j]));
            }
            agg[sm[0]] = Math.sqrt(Math.max(0, agg[sm[0]] - agg[sm[1]] * agg[sm[1]]));
        }
        Summary sum = new Summary(threshold, total[0], agg[1], agg[2], agg[3], agg[4], agg[5], agg[6], agg[7], agg[8],
                agg[9], agg[10], agg[11], agg[12], agg[13], agg[15], agg[17]);
        return new Moments(g, java.util.Arrays.copyOf(w, n), per[1], per[2], per[3], per[4], per[5], per[6], per[7],
                per[8], per[9], per[10], per[11], per[12], per[13], per[15], per[17], sum);
    }
}
