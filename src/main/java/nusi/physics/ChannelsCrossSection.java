package nusi.physics;

import nusi.numerics.GaussLegendre;

/**
 * nu nu -> nu nu through a scalar of mass M with the s-, t- and u-channels (docs/channels.md), Majorana neutrinos in
 * the Lagrangian convention -(g/2) nubar nu phi, summed over the two helicities of a relic at rest (each of the
 * medium's density), massless external neutrinos, x = Ef/Ei flat in the CM angle:
 * <pre>
 *   dsig/dx = g^4/(32 pi s) [ |s/D_s + t/D_t + u/D_u|^2 + |s/D_s|^2 + (t/D_t)^2 + (u/D_u)^2 ],  t = -s(1-x), u = -s x
 *           = (s-channel dsig/dx) K(x),  K = 1 + (1 - a) R + (Delta / 2 s^2) (R^2 + T^2 + U^2)
 * </pre>
 * with a = M^2/s, T = t/D_t = (1 - x)/(1 - x + a), U = u/D_u = x/(x + a), R = T + U, Delta = |D_s|^2. The s-channel
 * part is {@link ResonantCrossSection} (flat in x, the resonance at s = M^2); K holds everything else and is smooth in
 * Ei but for the (s - M^2) of the interference, which the resonant quadrature integrates. With {@link Channels#S},
 * K = 1. Integrals of K over x: closed forms for a < 0.1 (every term then O(1) and no cancellation), Gauss pieces
 * for a >= 0.1 (poles at x = -a and 1 + a, a tenth away or more). Immutable.
 */
public final class ChannelsCrossSection {
    private static final GaussLegendre RULE = new GaussLegendre(8);
    /** For a piece of x no longer than a/100: the poles at -a and 1 + a are 200 half-lengths away (error ~1e-14). */
    private static final GaussLegendre SHORT_RULE = new GaussLegendre(3);
    private static final double PIECE = 0.05;

    private final ResonantCrossSection sChannel;
    private final Channels channels;
    private final double m;
    private final double mass2;
    private final double mGamma2;
    private final double resonanceEnergy;

    public ChannelsCrossSection(Mediator mediator, double neutrinoMass, Channels channels) {
        if (channels == Channels.STU && mediator.convention() != Mediator.Convention.LAGRANGIAN) {
            throw new IllegalArgumentException("the s-, t- and u-channels are written in the Lagrangian convention "
                    + "-(g/2) nubar nu phi: use it (the paper's convention has no t- and u-channels to map onto)");
        }
        this.sChannel = new ResonantCrossSection(mediator, neutrinoMass);
        this.channels = channels;
        this.m = neutrinoMass;
        this.mass2 = mediator.mass() * mediator.mass();
        double mg = mediator.mass() * mediator.width();
        this.mGamma2 = mg * mg;
        this.resonanceEnergy = sChannel.resonanceEnergy();
    }

    /** The s-channel alone: the weight of every integral over Ei (it carries the resonance). */
    public ResonantCrossSection sChannel() {
        return sChannel;
    }

    public Channels channels() {
        return channels;
    }

    /** K(x) at Ei: dsig/dx over the s-channel's (1 with {@link Channels#S}). */
    public double factor(double initialEnergy, double x) {
        if (channels == Channels.S) {
            return 1;
        }
        double s = 2 * m * initialEnergy;
        double a = mass2 / s;
        double delta = (s - mass2) * (s - mass2) + mGamma2;
        double t = (1 - x) / (1 - x + a);
        double u = x / (x + a);
        double r = t + u;
        return 1 + (1 - a) * r + delta / (2 * s * s) * (r * r + t * t + u * u);
    }

    /** Int_{x1}^{x2} K(x) dx at Ei (0 <= x1 <= x2 <= 1): the cross section into that range over the s-channel's. */
    public double relativeIntegral(double initialEnergy, double x1, double x2) {
        double d = x2 - x1;
        if (!(d > 0)) {
            return 0;
        }
        if (channels == Channels.S) {
            return d;
        }
        double s = 2 * m * initialEnergy;
        double a = mass2 / s;
        double delta = (s - mass2) * (s - mass2) + mGamma2;
        double interference = (1 - a);
        double square = delta / (2 * s * s);
        double[] t = a < 0.1 ? closedForms(a, x1, x2) : gauss(a, x1, x2);
        // t = {int T, int U, int T^2, int U^2, int T U}
        double r = t[0] + t[1];
        double q = 2 * t[2] + 2 * t[3] + 2 * t[4];
        return d + interference * r + square * q;
    }

    /**
     * log1p((hi - lo)/(lo + E_res)): the log of y2 = x + a over a range [lo, hi] of final energies, which does not
     * depend on Ei (y2 = (Ef + E_res)/Ei), so that {@link #splitIntegralOverFinalEnergies} can take it precomputed.
     */
    public double finalEnergyLog(double lo, double hi) {
        return Math.log1p((hi - lo) / (lo + resonanceEnergy));
    }

    /** Delta = (s - M^2)^2 + (M Gamma)^2 at Ei, MeV^4 (the s-channel's denominator). */
    public double denominator(double initialEnergy) {
        double s = 2 * m * initialEnergy;
        return (s - mass2) * (s - mass2) + mGamma2;
    }

    /**
     * {@link #relativeIntegral} over x in [lo/Ei, hi/Ei] for final energies [lo, hi] (lo < hi <= Ei), with
     * {@code y2Log} = {@link #finalEnergyLog}(lo, hi), written in energies (a = E_res/Ei, y1 = (Ei + E_res - Ef)/Ei;
     * one log per call, no allocation) and split: it is out[at] + Delta out[at + 1], both parts independent of the coupling:
     * out[at] = int (1 + (1 - a) R) dx, out[at + 1] = int (R^2 + T^2 + U^2) dx / (2 s^2). Times the s-channel's
     * dsig/dEf = P/Delta (P ~ g^4) the second part loses Delta, the only place the coupling enters through the width:
     * what lets the operator at another coupling of the same mass reuse them ({@code ChannelsEnergyOperator.Tables}).
     */
    public void splitIntegralOverFinalEnergies(double initialEnergy, double lo, double hi, double y2Log, double[] out,
                                               int at) {
        double e = initialEnergy;
        double d = (hi - lo) / e;
        if (!(d > 0)) {
            out[at] = 0;
            out[at + 1] = 0;
            return;
        }
        if (channels == Channels.S) {
            out[at] = d;
            out[at + 1] = 0;
            return;
        }
        double s = 2 * m * e;
        double a = mass2 / s;
        double r;
        double q;
        if (a < 0.1) {
            double y1Lo = (e + resonanceEnergy - hi) / e;
            double y1Hi = (e + resonanceEnergy - lo) / e;
            double y2Lo = (lo + resonanceEnergy) / e;
            double y2Hi = (hi + resonanceEnergy) / e;
            double l1 = Math.log1p((hi - lo) / (e + resonanceEnergy - hi));
            double l2 = y2Log;
            double intT = d - a * l1;
            double intU = d - a * l2;
            double intT2 = d - 2 * a * l1 + a * a * d / (y1Lo * y1Hi);
            double intU2 = d - 2 * a * l2 + a * a * d / (y2Lo * y2Hi);
            double intTU = d - a * l1 - a * l2 + a * a / (1 + 2 * a) * (l1 + l2);
            r = intT + intU;
            q = intT2 + intU2 + intTU;
        } else {
            // as gauss(a, lo/e, hi/e), summed as K needs it, without allocation
            double x1 = lo / e;
            double x2 = hi / e;
            int pieces = Math.max(1, (int) Math.ceil((x2 - x1) / PIECE));
            GaussLegendre rule = (x2 - x1) / pieces <= a / 100 ? SHORT_RULE : RULE;
            r = 0;
            q = 0;
            for (int p = 0; p < pieces; p++) {
                double pLo = x1 + (x2 - x1) * p / pieces;
                double pHi = x1 + (x2 - x1) * (p + 1) / pieces;
                for (int k = 0; k < rule.order(); k++) {
                    double x = rule.node(k, pLo, pHi);
                    double w = rule.weight(k, pLo, pHi);
                    double t = (1 - x) / (1 - x + a);
                    double u = x / (x + a);
                    r += w * (t + u);
                    q += w * (t * t + u * u + t * u);
                }
            }
        }
        // square * 2 q with square = Delta / (2 s^2)
        out[at] = d + (1 - a) * r;
        out[at + 1] = q / (s * s);
    }

    private static final GaussLegendre MOMENT_RULE = new GaussLegendre(10);

    /**
     * Int_0^{x0} x K(x) dx at Ei (0 <= x0 <= 1): the energy carried below Ef = x0 Ei, in units of Ei times the
     * s-channel's dsig/dx (x0^2/2 with {@link Channels#S}). Gauss pieces no longer than their distance to the poles
     * of T and U at x = 1 + a and -a (the pole then lies three half-lengths or more from a piece's centre: ~1e-16 with
     * 10 points), at most 0.05 long; they grow geometrically away from both ends of [0, 1].
     */
    public double firstMomentBelow(double initialEnergy, double x0) {
        if (!(x0 > 0)) {
            return 0;
        }
        double top = Math.min(x0, 1);
        if (channels == Channels.S) {
            return top * top / 2;
        }
        double a = mass2 / (2 * m * initialEnergy);
        double sum = 0;
        double lo = 0;
        while (lo < top) {
            double h = Math.min(PIECE, Math.min(lo + a, (1 + a - lo) / 2));
            double hi = Math.min(top, lo + h);
            for (int k = 0; k < MOMENT_RULE.order(); k++) {
                double x = MOMENT_RULE.node(k, lo, hi);
                sum += MOMENT_RULE.weight(k, lo, hi) * x * factor(initialEnergy, x);
            }
            lo = hi;
        }
        return sum;
    }

    /** {int T, int U, int T^2, int U^2, int TU} over [x1, x2] in closed form (a < 0.1). */
    static double[] closedForms(double a, double x1, double x2) {
        double d = x2 - x1;
        double y1Lo = 1 - x2 + a;   // y1 = 1 - x + a at x2 (its smaller value)
        double y1Hi = 1 - x1 + a;
        double y2Lo = x1 + a;
        double y2Hi = x2 + a;
        double l1 = Math.log1p(d / y1Lo);
        double l2 = Math.log1p(d / y2Lo);
        double intT = d - a * l1;
        double intU = d - a * l2;
        double intT2 = d - 2 * a * l1 + a * a * d / (y1Lo * y1Hi);
        double intU2 = d - 2 * a * l2 + a * a * d / (y2Lo * y2Hi);
        double intTU = d - a * l1 - a * l2 + a * a / (1 + 2 * a) * (l1 + l2);
        return new double[]{intT, intU, intT2, intU2, intTU};
    }

    /** The same by Gauss pieces of at most 0.05 in x (a >= 0.1: the integrands' poles lie >= 0.1 away). */
    static double[] gauss(double a, double x1, double x2) {
        double[] out = new double[5];
        int pieces = Math.max(1, (int) Math.ceil((x2 - x1) / PIECE));
        for (int p = 0; p < pieces; p++) {
            double lo = x1 + (x2 - x1) * p / pieces;
            double hi = x1 + (x2 - x1) * (p + 1) / pieces;
            for (int k = 0; k < RULE.order(); k++) {
                double x = RULE.node(k, lo, hi);
                double w = RULE.weight(k, lo, hi);
                double t = (1 - x) / (1 - x + a);
                double u = x / (x + a);
                out[0] += w * t;
                out[1] += w * u;
                out[2] += w * t * t;
                out[3] += w * u * u;
                out[4] += w * t * u;
            }
        }
        return out;
    }
}
