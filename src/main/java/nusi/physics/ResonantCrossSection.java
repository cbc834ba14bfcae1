package nusi.physics;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import nusi.numerics.GaussLegendre;

/**
 * nu + nubar -> nu + nubar through an s-channel scalar of mass M (Eqs. 4, 5), the relic neutrino at rest:
 *
 * <pre>
 *   dsig/dEf(Ei) = g^4 m / (2 pi Delta(s)),   s = 2 Ei m,   Delta = (s - M^2)^2 + M^2 Gamma^2,
 * </pre>
 *
 * flat in Ef on [Efmin(Ei), Ei]. The resonance at E_res = M^2/(2m) has a relative width g^2/(4 pi), far
 * narrower than any energy bin, so bin integrals never point-sample it: {@link #integralOfDifferential}
 * uses the closed-form arctan, and {@link #integrateDifferential} splits [a, b] into pieces whose distance
 * to the resonance grows geometrically, with the core mapped onto u = atan((E - E_res)/w).
 *
 * <p>Internally Delta is evaluated as (2m (E - E_res))^2 + (M Gamma)^2 so that no s - M^2 cancellation
 * occurs. Immutable and thread-safe.
 */
public final class ResonantCrossSection implements ScatteringCrossSection {
    private static final GaussLegendre RULE = new GaussLegendre(12);

    private final double neutrinoMass;
    private final Mediator mediator;
    private final double resonanceEnergy;
    /** a = M Gamma, MeV^2. */
    private final double massTimesWidth;
    /** Half width of the resonance in Ei: w = M Gamma / (2 m), MeV. */
    private final double halfWidth;
    /** dsig/dEf times Delta: g^4 m / (2 pi) in the paper convention (see Mediator), MeV. */
    private final double prefactor;

    public ResonantCrossSection(Mediator mediator, double neutrinoMass) {
        this.mediator = mediator;
        this.neutrinoMass = Validation.requirePositiveFinite("neutrino mass m (MeV)", neutrinoMass);
        double mass = mediator.mass();
        this.resonanceEnergy = mass * mass / (2 * neutrinoMass);
        this.massTimesWidth = mass * mediator.width();
        this.halfWidth = massTimesWidth / (2 * neutrinoMass);
        this.prefactor = mediator.differentialScale() * neutrinoMass;
    }

    public Mediator mediator() {
        return mediator;
    }

    public double neutrinoMass() {
        return neutrinoMass;
    }

    /** E_res = M^2 / (2 m), MeV. */
    public double resonanceEnergy() {
        return resonanceEnergy;
    }

    /** Half width at half maximum of dsig/dEf in Ei, MeV. */
    public double resonanceHalfWidth() {
        return halfWidth;
    }

    /** Delta(s) as a function of the distance d = Ei - E_res, MeV^4. */
    private double delta(double distanceToResonance) {
        double x = 2 * neutrinoMass * distanceToResonance;
        return x * x + massTimesWidth * massTimesWidth;
    }

    /** dsig/dEf times Delta (independent of Ei, ~ g^4), MeV. */
    public double differentialTimesDenominator() {
        return prefactor;
    }

    @Override
    public double differentialPerFinalEnergy(double initialEnergy) {
        return prefactor / delta(initialEnergy - resonanceEnergy);
    }

    @Override
    public double minimumFinalEnergy(double initialEnergy) {
        return Kinematics.minimumFinalEnergy(initialEnergy, neutrinoMass);
    }

    /**
     * Eq. 4 as printed: dsig/dcos(theta~) = (1/(8 pi)) g^4 s^2 / Delta (Ef/(m Ei))^2, given 1 - cos(theta~).
     * Kept separate from the flat-in-Ef form so that tests can check Eq. 5's change of variables.
     */
    public double differentialPerCosine(double initialEnergy, double oneMinusCos) {
        double s = 2 * initialEnergy * neutrinoMass;
        double ef = Kinematics.finalEnergy(initialEnergy, oneMinusCos, neutrinoMass);
        double ratio = ef / (neutrinoMass * initialEnergy);
        // (1/(8 pi)) g^4 in the paper's convention: a quarter of the scale of dsig/dEf
        return mediator.differentialScale() / 4 * s * s / delta(initialEnergy - resonanceEnergy) * ratio * ratio;
    }

    /** Closed form Int_a^b dsig/dEf dE = g^4 m/(2 pi) [atan(x/a)]/(2 m a), with a cancellation-free difference. */
    public double integralOfDifferential(double a, double b) {
        double u = (b - resonanceEnergy) / halfWidth;
        double v = (a - resonanceEnergy) / halfWidth;
        double atanDifference;
        if (u * v > 0) {
            // same side of the resonance: atan(u) - atan(v) = atan((u - v)/(1 + u v)), no loss near pi/2
            atanDifference = Math.atan(((b - a) / halfWidth) / (1 + u * v));
        } else {
            atanDifference = Math.atan(u) - Math.atan(v);
        }
        return prefactor * atanDifference / (2 * neutrinoMass * massTimesWidth);
    }

    @Override
    public double integrateDifferential(double a, double b, DoubleUnaryOperator smoothFactor) {
        double[] out = new double[1];
        integrateDifferential(a, b, (e, v) -> v[0] = smoothFactor.applyAsDouble(e), out);
        return out[0];
    }

    /**
     * Int_a^b dsig/dEf h_q for each factor, on one set of nodes: [a, b] split into pieces whose distance to the
     * resonance grows geometrically; inside the core (|E - E_res| below the half width, or 64 ulp of E_res when the
     * width is unresolvable) the substitution u = atan((E - E_res)/w), for which dE/Delta = du/(2 m M Gamma).
     */
    @Override
    public void integrateDifferential(double a, double b, SmoothFactors factors, double[] out) {
        int m = out.length;
        java.util.Arrays.fill(out, 0);
        if (!(b > a)) {
            return;
        }
        double dLo = a - resonanceEnergy;
        double dHi = b - resonanceEnergy;
        double core = Math.max(halfWidth, 64 * Math.ulp(resonanceEnergy));
        double[] breaks = breakpoints(a, b, dLo, dHi, core);
        double[] v = new double[m];
        double coreScale = 1 / (2 * neutrinoMass * massTimesWidth);
        for (int p = 0; p + 1 < breaks.length; p++) {
            double d1 = breaks[p];
            double d2 = breaks[p + 1];
            if (d1 >= -core && d2 <= core) {
                if (d2 <= d1) {
                    continue;
                }
                double u1 = Math.atan(d1 / halfWidth);
                double u2 = Math.atan(d2 / halfWidth);
                for (int i = 0; i < RULE.order(); i++) {
                    double u = RULE.node(i, u1, u2);
                    double w = RULE.weight(i, u1, u2) * coreScale;
                    factors.evaluate(resonanceEnergy + halfWidth * Math.tan(u), v);
                    for (int q = 0; q < m; q++) {
                        out[q] += w * v[q];
                    }
                }
            } else {
                // Nodes in E, not in d: far below a heavy resonance (E << E_res) a bin spans only a few ulps of
                // d = E - E_res, and E_res + d would quantize the nodes (measured: 2e-3 errors at E = 1e-6 MeV,
                // E_res = 1e7 MeV). The ends of [a, b] are used as given.
                double e1 = p == 0 ? a : resonanceEnergy + d1;
                double e2 = p + 2 == breaks.length ? b : resonanceEnergy + d2;
                if (e2 <= e1) {
                    continue;
                }
                for (int i = 0; i < RULE.order(); i++) {
                    double e = RULE.node(i, e1, e2);
                    double w = RULE.weight(i, e1, e2) / delta(e - resonanceEnergy);
                    factors.evaluate(e, v);
                    for (int q = 0; q < m; q++) {
                        out[q] += w * v[q];
                    }
                }
            }
        }
        for (int q = 0; q < m; q++) {
            out[q] *= prefactor;
        }
    }

    /**
     * Breakpoints in d = E - E_res: the ends, +-core*2^k inside (so that each piece spans at most a factor 2
     * in distance to the resonance), and points where E doubles (so that h, smooth on the scale of E, is too).
     */
    private double[] breakpoints(double a, double b, double dLo, double dHi, double core) {
        double[] buf = new double[256];
        int n = 0;
        buf[n++] = dLo;
        buf[n++] = dHi;
        if (dLo < 0 && dHi > 0) {
            buf[n++] = 0.0;
        }
        for (double r = core; r < Math.max(Math.abs(dLo), Math.abs(dHi)) && n < 200; r *= 2) {
            if (r > dLo && r < dHi) {
                buf[n++] = r;
            }
            if (-r > dLo && -r < dHi) {
                buf[n++] = -r;
            }
        }
        for (double e = 2 * a; e < b && n < 254; e *= 2) {
            buf[n++] = e - resonanceEnergy;
        }
        double[] out = Arrays.copyOf(buf, n);
        Arrays.sort(out);
        return out;
    }
}
