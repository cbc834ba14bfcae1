package nusi.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Dirac cascades' kernels (docs/channels.md, "the cross sections per helicity configuration") against the helicity
 * table itself, evaluated with complex amplitudes, against the spin-summed traces, and in the limits of the docs.
 */
class DiracChannelsTest {
    static final double M_NU = RelicMedium.paperDefault().neutrinoMass();

    static ChannelsCrossSection dirac(double logM, double logG, ChannelsCrossSection.Cascade c) {
        return new ChannelsCrossSection(Mediator.ofLog10(logM, logG, Mediator.Convention.LAGRANGIAN_DIRAC), M_NU,
                Channels.STU, c);
    }

    /** The five rows of the table at x (units of the Majorana s-channel dsig/dx), helicity probability 1/2 in. */
    record Rows(double r1, double r2, double r3, double r4, double r5) {
        static Rows at(double mass, double width, double e, double x) {
            double s = 2 * M_NU * e;
            double t = -s * (1 - x);
            double u = -s * x;
            // s/D_s with D_s = s - M^2 + i M Gamma
            double dr = s - mass * mass;
            double di = mass * width;
            double den = dr * dr + di * di;
            double asRe = s * dr / den;
            double asIm = -s * di / den;
            double at = t / (t - mass * mass);
            double au = u / (u - mass * mass);
            double unit = den / (s * s);   // |D_s|^2 / s^2: the Majorana s-channel's dsig/dx is g^4 s/(16 pi Delta)
            double r1 = 0.5 * (asRe * asRe + asIm * asIm) * unit;
            double r2 = 0.5 * ((asRe + at) * (asRe + at) + asIm * asIm) * unit;
            double r3 = 0.5 * at * at * unit;
            double r4 = 0.25 * (at + au) * (at + au) * unit;   // identical final nu (+): a factor 1/2
            double r5 = 0.5 * at * at * unit;                  // leg 3 nu (+) with t/D_t, leg 4 the active nu (-)
            return new Rows(r1, r2, r3, r4, r5);
        }

        double total() {
            return r1 + r2 + r3 + r4 + r5;
        }
    }

    @ParameterizedTest(name = "log10 M = {0}, log10 g = {1}, E = {2} MeV")
    @CsvSource({"-2.9, -2, 20", "-3, -1, 9.05", "-1, -2, 30", "-6, -2.5, 7", "-2.7, -1.5, 0.2"})
    void kernelsAreTheHelicityTableDaughterByDaughter(double logM, double logG, double e) {
        ChannelsCrossSection sum = dirac(logM, logG, ChannelsCrossSection.Cascade.DIRAC_SUM);
        ChannelsCrossSection diff = dirac(logM, logG, ChannelsCrossSection.Cascade.DIRAC_DIFFERENCE);
        Mediator med = sum.sChannel().mediator();
        for (double y : new double[]{1e-6, 0.03, 0.3, 0.5, 0.77, 0.999}) {
            Rows at = Rows.at(med.mass(), med.width(), e, y);
            Rows mirror = Rows.at(med.mass(), med.width(), e, 1 - y);
            // active daughters at energy fraction y: row 1's leg 3, row 2's and row 5's leg 4
            double active = at.r1() + mirror.r2() + mirror.r5();
            // wrong helicity: row 1's leg 4, row 2's leg 3, both legs of rows 3 and 4 (identical: twice), row 5's leg 3
            double wrong = mirror.r1() + at.r2() + at.r3() + mirror.r3() + 2 * at.r4() + at.r5();
            // the operators double the gain kernel: K_A = sum + difference, K_W = sum - difference
            double kA = sum.factor(e, y) + diff.factor(e, y);
            double kW = sum.factor(e, y) - diff.factor(e, y);
            // measured: within 4.4e-16 relative but where the table's mirror row is taken at x = 1 - y, which loses
            // digits of 1 - x = y: -8.0e-12 at y = 1e-6, log10 M = -6 (rounding 1.1e-16/y); bound 1e-12 + 1e-15/y
            double bound = 1e-12 + 1e-15 / Math.min(y, 1 - y);
            assertThat(kA / active - 1).as("K_A at y = %s", y).isCloseTo(0, within(bound));
            assertThat(kW / wrong - 1).as("K_W at y = %s", y).isCloseTo(0, within(bound));
        }
        // the loss: the rows' total cross section, against the loss kernel's x-integral (closed forms or Gauss)
        double rows = 0;
        nusi.numerics.GaussLegendre rule = new nusi.numerics.GaussLegendre(20);
        double a = med.mass() * med.mass() / (2 * M_NU * e);
        for (double[] piece : graded(a)) {
            for (int k = 0; k < rule.order(); k++) {
                double x = rule.node(k, piece[0], piece[1]);
                rows += rule.weight(k, piece[0], piece[1]) * Rows.at(med.mass(), med.width(), e, x).total();
            }
        }
        // measured: within 2.2e-15 relative
        assertThat(sum.relativeLossIntegral(e, 0, 1) / rows - 1).isCloseTo(0, within(1e-12));
    }

    /** [0, 1] in pieces graded geometrically toward both ends, where T and U vary on the scale a. */
    static java.util.List<double[]> graded(double a) {
        java.util.List<Double> cuts = new java.util.ArrayList<>(java.util.List.of(0.0, 0.5, 1.0));
        for (double h = 0.25; h > Math.min(1e-3, a) * 1e-6; h /= 2) {
            cuts.add(h);
            cuts.add(1 - h);
        }
        java.util.Collections.sort(cuts);
        java.util.List<double[]> out = new java.util.ArrayList<>();
        for (int p = 0; p + 1 < cuts.size(); p++) {
            out.add(new double[]{cuts.get(p), cuts.get(p + 1)});
        }
        return out;
    }

    @Test
    void everyScatteringMakesTwoDaughtersOfEitherHelicity() {
        // int (K_A + K_W) = 2 int K_loss for any mass: number conservation of the sum cascade.
        for (double[] p : new double[][]{{-2.9, -2, 20}, {-1, -2, 30}, {-6, -2.5, 7}, {-2.5, -1, 0.5}}) {
            ChannelsCrossSection sum = dirac(p[0], p[1], ChannelsCrossSection.Cascade.DIRAC_SUM);
            double gain = sum.relativeIntegral(p[2], 0, 1);
            double loss = sum.relativeLossIntegral(p[2], 0, 1);
            // measured: within 2.2e-16 relative (int T = int U over [0, 1], closed forms and Gauss alike)
            assertThat(gain / loss - 1).as("log10 M = %s, E = %s", p[0], p[2]).isCloseTo(0, within(1e-13));
        }
    }

    @Test
    void spinSummedTableIsTheTraces() {
        // Check 4: summed over helicities (incoming nu (+) the mirror of nu (-): twice the table without its 1/2), the
        // nu nubar rows give 4 [|s/D_s|^2 + (t/D_t)^2 + Re(s t/(D_s D_t))] and the nu nu rows 4 [(t/D_t)^2 + (u/D_u)^2
        // + t u/(D_t D_u)]: what Tr[p2 p1] Tr[p3 p4] and Tr[p2 p1 p3 p4] = 4[(21)(34) - (23)(14) + (24)(13)] give with
        // explicit massless momenta (all incoming, p1 + p2 + p3 + p4 = 0).
        double mass = 3e-3;
        double width = 1e-3 * mass;
        double e = 0.5 * mass * mass / (2 * M_NU) * 1.7;
        double s = 2 * M_NU * e;
        double half = Math.sqrt(s) / 2;
        for (double cos : new double[]{-0.9, -0.2, 0.35, 0.8}) {
            double sin = Math.sqrt(1 - cos * cos);
            double[] p1 = {half, 0, 0, half};
            double[] p2 = {half, 0, 0, -half};
            double[] p3 = {-half, -half * sin, 0, -half * cos};
            double[] p4 = {-half, half * sin, 0, half * cos};
            double t = 2 * dot(p1, p3);
            double u = 2 * dot(p1, p4);
            double trace4 = 4 * (dot(p2, p1) * dot(p3, p4) - dot(p2, p3) * dot(p1, p4) + dot(p2, p4) * dot(p1, p3));
            double ss = 4 * dot(p2, p1) * 4 * dot(p3, p4);
            double tt = 4 * dot(p1, p3) * 4 * dot(p2, p4);
            // nu nubar: |M_s|^2 + |M_t|^2 + 2 Re(M_s M_t*) with M_s M_t* summed = -Tr[p2 p1 p3 p4]/(D_s D_t*)
            double dsRe = s - mass * mass;
            double dsIm = mass * width;
            double den = dsRe * dsRe + dsIm * dsIm;
            double dt = t - mass * mass;
            double du = u - mass * mass;
            double traces = ss / den + tt / (dt * dt) - 2 * trace4 * dsRe / den / dt;
            double x = -u / s;
            Rows r = Rows.at(mass, width, e, x);
            double unit = den / (s * s);
            double table = 2 * 2 * (r.r1() + r.r2() + r.r3()) / unit;
            // the traces' interference is +2 Re(s t/(D_s D_t)) x 4 since Tr = s^2 + t^2 - u^2 = -2 s t
            double expected = 4 * (s * s / den + t * t / (dt * dt) + s * t * dsRe / den / dt);
            // measured: within 2.2e-16 relative (all three)
            assertThat(table / expected - 1).as("nu nubar, cos = %s", cos).isCloseTo(0, within(1e-12));
            assertThat(traces / expected - 1).as("traces, cos = %s", cos).isCloseTo(0, within(1e-12));
            double nunu = 2 * 2 * (2 * r.r4() + r.r5() + Rows.at(mass, width, e, 1 - x).r5()) / unit;
            double nunuExpected = 4 * (t * t / (dt * dt) + u * u / (du * du) + t * u / (dt * du));
            assertThat(nunu / nunuExpected - 1).as("nu nu, cos = %s", cos).isCloseTo(0, within(1e-12));
        }
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];
    }

    @Test
    void heavyAndLightMediatorLimits() {
        // M^2 >> s: rows 1-5 tend to 1/2, x^2/2, (1 - x)^2/2, 1/4, ((1 - x)^2 + x^2)/4: sigma -> 5/4 of the s-channel's
        // (nothing cancels at leading order, unlike Majorana's 5/6); corrections O(s/M^2): measured 1.25 - 1.7e-6
        // at s/M^2 = 1e-6.
        ChannelsCrossSection heavy = dirac(0, -2, ChannelsCrossSection.Cascade.DIRAC_SUM);
        double e = 10;
        double a = 1.0 / (2 * M_NU * e);
        assertThat(heavy.relativeLossIntegral(e, 0, 1)).isCloseTo(1.25, within(10 / a));
        // s >> M^2 (away from x = 0, 1 every ratio -> 1): K_loss -> 1 + 1 + (3 + 1 + 1)/2 = 4.5, K_A -> 3, K_W -> 6
        ChannelsCrossSection light = dirac(-7, -2, ChannelsCrossSection.Cascade.DIRAC_SUM);
        ChannelsCrossSection lightDiff = dirac(-7, -2, ChannelsCrossSection.Cascade.DIRAC_DIFFERENCE);
        double b = 1e-14 / (2 * M_NU * e);
        // measured 4.5 - 1.1e-6 (the ends of x, width a = 1e-8, times log a)
        assertThat(light.relativeLossIntegral(e, 0, 1)).isCloseTo(4.5, within(100 * b * Math.abs(Math.log(b))));
        // corrections O(a/x): measured -1.05e-7 and -2.6e-7 at a = b = 1e-8, x = 0.4
        assertThat(light.factor(e, 0.4) + lightDiff.factor(e, 0.4)).isCloseTo(3, within(100 * b));
        assertThat(light.factor(e, 0.4) - lightDiff.factor(e, 0.4)).isCloseTo(6, within(100 * b));
    }

    @Test
    void sChannelAloneIsAFlatCascadeAndAPureAttenuation() {
        // check 1: s only, each scattering one active and one wrong-helicity neutrino, flat in x: K_A = K_W = 1
        Mediator med = Mediator.ofLog10(-2.9, -2, Mediator.Convention.LAGRANGIAN_DIRAC);
        ChannelsCrossSection sum = new ChannelsCrossSection(med, M_NU, Channels.S, ChannelsCrossSection.Cascade.DIRAC_SUM);
        ChannelsCrossSection diff = new ChannelsCrossSection(med, M_NU, Channels.S,
                ChannelsCrossSection.Cascade.DIRAC_DIFFERENCE);
        assertThat(sum.relativeIntegral(20, 0.2, 0.7)).isCloseTo(0.5, within(1e-16));
        assertThat(diff.relativeIntegral(20, 0.2, 0.7)).isEqualTo(0.0);
        assertThat(diff.relativeLossIntegral(20, 0, 1)).isEqualTo(1.0);
        // Dirac width: twice Majorana's at the same Lagrangian coupling
        assertThat(med.width() / Mediator.ofLog10(-2.9, -2, Mediator.Convention.LAGRANGIAN).width())
                .isCloseTo(2, within(1e-15));
    }

    @Test
    void aCascadeMustMatchItsMediator() {
        Mediator majorana = Mediator.ofLog10(-3, -2, Mediator.Convention.LAGRANGIAN);
        assertThatThrownBy(() -> new ChannelsCrossSection(majorana, M_NU, Channels.STU,
                ChannelsCrossSection.Cascade.DIRAC_SUM))
                .hasMessage("cascade DIRAC_SUM does not belong to the LAGRANGIAN convention (Dirac: DIRAC_SUM and "
                        + "DIRAC_DIFFERENCE; otherwise MAJORANA)");
        Mediator dirac = Mediator.ofLog10(-3, -2, Mediator.Convention.LAGRANGIAN_DIRAC);
        assertThatThrownBy(() -> new ChannelsCrossSection(dirac, M_NU, Channels.STU))
                .hasMessageStartingWith("cascade MAJORANA does not belong to the LAGRANGIAN_DIRAC convention");
        assertThat(ChannelsCrossSection.cascades(dirac, M_NU, Channels.STU)).extracting(ChannelsCrossSection::weight)
                .containsExactly(0.5, 0.5);
    }
}
