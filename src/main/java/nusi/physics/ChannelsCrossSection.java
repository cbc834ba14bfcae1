package nusi.physics;

import java.util.List;
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
 * for a >= 0.1 (poles at x = -a and 1 + a, a tenth away or more).
 *
 * <p>Dirac neutrinos ({@link Mediator.Convention#LAGRANGIAN_DIRAC}; docs/channels.md, "the cross sections per helicity
 * configuration") have two transported species, active A and wrong-helicity W, with the same loss kernel K_loss and
 * the gains K_A (A -> A, W -> W) and K_W (A -> W, W -> A). The symmetric block decouples: A + W and A - W are each a
 * one-species cascade, with gains K_A + K_W and K_A - K_W over K_loss, both started from the emitted (active)
 * spectrum, and the active counts are half their sum ({@link Cascade}). Each instance is one such cascade: a gain
 * kernel (per daughter, halved: the operators double it, as for Majorana's two final neutrinos) and a loss kernel,
 * both of the form c + (1 - a)(c_T T + c_U U) + (Delta/s^2)(c_TT T^2 + c_UU U^2 + c_TU T U). Immutable.
 */
public final class ChannelsCrossSection {
    private static final GaussLegendre RULE = new GaussLegendre(8);
    /** For a piece of x no longer than a/100: the poles at -a and 1 + a are 200 half-lengths away (error ~1e-14). */
    private static final GaussLegendre SHORT_RULE = new GaussLegendre(3);
    private static final double PIECE = 0.05;

    /**
     * K(x) = constant + (1 - a)(t T + u U) + (Delta/s^2)(tt T^2 + uu U^2 + tu T U), in units of the Majorana
     * s-channel's dsig/dx; with {@link Channels#S} only the constant is kept.
     */
    public record Kernel(double constant, double t, double u, double tt, double uu, double tu) {
        /** Majorana: K = 1 + (1 - a) R + (Delta/2 s^2)(R^2 + T^2 + U^2), both gain (doubled) and loss. */
        public static final Kernel MAJORANA = new Kernel(1, 1, 1, 1, 1, 1);
        /** Dirac loss: 1 + (1 - a) T + (Delta/2 s^2)(3 T^2 + U^2 + T U), the five helicity rows summed. */
        public static final Kernel DIRAC_LOSS = new Kernel(1, 1, 0, 1.5, 0.5, 0.5);
        /** Half of K_A + K_W = 2 + (1 - a) R + (Delta/s^2)(2 T^2 + 2 U^2 + T U): every daughter. */
        public static final Kernel DIRAC_SUM_GAIN = new Kernel(1, 0.5, 0.5, 1, 1, 0.5);
        /** Half of K_A - K_W = (1 - a)(U - T) - (Delta/s^2)(2 T^2 + T U): active less wrong-helicity daughters. */
        public static final Kernel DIRAC_DIFFERENCE_GAIN = new Kernel(0, -0.5, 0.5, -1, 0, -0.5);
    }

    /**
     * Which one-species cascade an instance describes, and its weight in the active counts: Majorana (the whole
     * answer, weight 1), or for Dirac the sum A + W and the difference A - W (weight 1/2 each: A = (S + D)/2).
     */
    public enum Cascade {
        MAJORANA(Kernel.MAJORANA, Kernel.MAJORANA, 1),
        DIRAC_SUM(Kernel.DIRAC_SUM_GAIN, Kernel.DIRAC_LOSS, 0.5),
        DIRAC_DIFFERENCE(Kernel.DIRAC_DIFFERENCE_GAIN, Kernel.DIRAC_LOSS, 0.5);

        private final Kernel gain;
        private final Kernel loss;
        private final double weight;

        Cascade(Kernel gain, Kernel loss, double weight) {
            this.gain = gain;
            this.loss = loss;
            this.weight = weight;
        }

        public Kernel gain() {
            return gain;
        }

        public Kernel loss() {
            return loss;
        }

        /** Its share of the active counts. */
        public double weight() {
            return weight;
        }
    }

    private final ResonantCrossSection sChannel;
    private final Channels channels;
    private final Cascade cascade;
    private final double m;
    private final double mass2;
    private final double mGamma2;
    private final double resonanceEnergy;

    /** Majorana neutrinos (a Dirac mediator needs its cascade: {@link #cascades}). */
    public ChannelsCrossSection(Mediator mediator, double neutrinoMass, Channels channels) {
        this(mediator, neutrinoMass, channels, Cascade.MAJORANA);
    }

    public ChannelsCrossSection(Mediator mediator, double neutrinoMass, Channels channels, Cascade cascade) {
        if (channels == Channels.STU && !mediator.convention().isLagrangian()) {
            throw new IllegalArgumentException("the s-, t- and u-channels are written in the Lagrangian convention "
                    + "-(g/2) nubar nu phi: use it (the paper's convention has no t- and u-channels to map onto)");
        }
        if (mediator.convention().isDirac() != (cascade != Cascade.MAJORANA)) {
            throw new IllegalArgumentException("cascade " + cascade + " does not belong to the " + mediator.convention()
                    + " convention (Dirac: DIRAC_SUM and DIRAC_DIFFERENCE; otherwise MAJORANA)");
        }
        this.sChannel = new ResonantCrossSection(mediator, neutrinoMass);
        this.channels = channels;
        this.cascade = cascade;
        this.m = neutrinoMass;
        this.mass2 = mediator.mass() * mediator.mass();
        double mg = mediator.mass() * mediator.width();
        this.mGamma2 = mg * mg;
        this.resonanceEnergy = sChannel.resonanceEnergy();
    }

    /**
     * The one-species cascades whose weighted sum is the active counts: one (Majorana) or, for a Dirac mediator, the
     * sum and the difference of the active and wrong-helicity species.
     */
    public static List<ChannelsCrossSection> cascades(Mediator mediator, double neutrinoMass, Channels channels) {
        if (!mediator.convention().isDirac()) {
            return List.of(new ChannelsCrossSection(mediator, neutrinoMass, channels));
        }
        return List.of(new ChannelsCrossSection(mediator, neutrinoMass, channels, Cascade.DIRAC_SUM),
                new ChannelsCrossSection(mediator, neutrinoMass, channels, Cascade.DIRAC_DIFFERENCE));
    }

    public Cascade cascade() {
        return cascade;
    }

    /** This cascade's share of the active counts (1, or 1/2 for each Dirac cascade). */
    public double weight() {
        return cascade.weight();
    }

    /** True where the gain (per daughter, halved) is not the loss kernel: every Dirac cascade. */
    public boolean gainDiffersFromLoss() {
        return cascade.gain() != cascade.loss();
    }

    /** The s-channel alone: the weight of every integral over Ei (it carries the resonance). */
    public ResonantCrossSection sChannel() {
        return sChannel;
    }

    public Channels channels() {
        return channels;
    }

    /** K(x) at Ei: the gain kernel, dsig/dx over the s-channel's (Majorana: 1 with {@link Channels#S}). */
    public double factor(double initialEnergy, double x) {
        return kernel(cascade.gain(), initialEnergy, x);
    }

    /**
     * The weight of Ef in a pair's mean deflection: the gain kernel of every daughter, never negative (a Dirac
     * difference cascade's gain changes sign, so both Dirac cascades deflect by their sum's, A + W: each transfer of a
     * pair by the mean over all its daughters, the approximation {@code PhaseSpaceOperator.weightedSum} makes for mass
     * states). Null where that weight is flat in x (the s-channel).
     */
    public java.util.function.DoubleBinaryOperator deflectionWeight() {
        if (channels == Channels.S) {
            return null;
        }
        Kernel k = cascade == Cascade.MAJORANA ? Kernel.MAJORANA : Kernel.DIRAC_SUM_GAIN;
        return (ei, ef) -> kernel(k, ei, ef / ei);
    }

    private double kernel(Kernel k, double initialEnergy, double x) {
        if (channels == Channels.S) {
            return k.constant();
        }
        double s = 2 * m * initialEnergy;
        double a = mass2 / s;
        double delta = (s - mass2) * (s - mass2) + mGamma2;
        double t = (1 - x) / (1 - x + a);
        double u = x / (x + a);
        if (k == Kernel.MAJORANA) {
            // the form of the deflection tables before the kernels had coefficients (the general form below rounds
            // differently at 1e-16)
            double r = t + u;
            return 1 + (1 - a) * r + delta / (2 * s * s) * (r * r + t * t + u * u);
        }
        return k.constant() + (1 - a) * (k.t() * t + k.u() * u)
                + delta / (s * s) * (k.tt() * t * t + k.uu() * u * u + k.tu() * t * u);
    }

    /** Int_{x1}^{x2} K(x) dx at Ei (0 <= x1 <= x2 <= 1): the gain into that range over the s-channel's. */
    public double relativeIntegral(double initialEnergy, double x1, double x2) {
        return relativeIntegral(cascade.gain(), initialEnergy, x1, x2);
    }

    /** Int_{x1}^{x2} K_loss(x) dx at Ei: the loss kernel's (for Majorana the same as {@link #relativeIntegral}). */
    public double relativeLossIntegral(double initialEnergy, double x1, double x2) {
        return relativeIntegral(cascade.loss(), initialEnergy, x1, x2);
    }

    private double relativeIntegral(Kernel k, double initialEnergy, double x1, double x2) {
        double d = x2 - x1;
        if (!(d > 0)) {
            return 0;
        }
        if (channels == Channels.S) {
            return k.constant() * d;
        }
        double s = 2 * m * initialEnergy;
        double a = mass2 / s;
        double delta = (s - mass2) * (s - mass2) + mGamma2;
        double interference = (1 - a);
        double[] t = a < 0.1 ? closedForms(a, x1, x2) : gauss(a, x1, x2);
        // t = {int T, int U, int T^2, int U^2, int T U}; Majorana's coefficients (all 1) multiply exactly
        return k.constant() * d + interference * (k.t() * t[0] + k.u() * t[1])
                + delta / (s * s) * (k.tt() * t[2] + k.uu() * t[3] + k.tu() * t[4]);
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
        splitIntegral(cascade.gain(), initialEnergy, lo, hi, y2Log, out, at);
    }

    /** As {@link #splitIntegralOverFinalEnergies} for the loss kernel (the total cross section's two parts). */
    public void splitLossIntegralOverFinalEnergies(double initialEnergy, double lo, double hi, double y2Log,
                                                   double[] out, int at) {
        splitIntegral(cascade.loss(), initialEnergy, lo, hi, y2Log, out, at);
    }

    private void splitIntegral(Kernel c, double initialEnergy, double lo, double hi, double y2Log, double[] out,
                               int at) {
        double e = initialEnergy;
        double d = (hi - lo) / e;
        if (!(d > 0)) {
            out[at] = 0;
            out[at + 1] = 0;
            return;
        }
        if (channels == Channels.S) {
            out[at] = c.constant() * d;
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
            r = c.t() * intT + c.u() * intU;
            q = c.tt() * intT2 + c.uu() * intU2 + c.tu() * intTU;
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
                    r += w * (c.t() * t + c.u() * u);
                    q += w * (c.tt() * t * t + c.uu() * u * u + c.tu() * t * u);
                }
            }
        }
        // square * 2 q with square = Delta / (2 s^2); the Majorana coefficients (all 1) multiply exactly
        out[at] = c.constant() * d + (1 - a) * r;
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
            return cascade.gain().constant() * top * top / 2;
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
