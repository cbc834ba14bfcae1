package nusi.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import nusi.numerics.GaussLegendre;
import org.junit.jupiter.api.Test;

class PinchedSpectrumTest {
    static final GaussLegendre GL = new GaussLegendre(30);

    static double moment(PinchedSpectrum s, int k) {
        // geometric pieces near 0, where E^alpha has a non-integer power
        double sum = GL.integrate(e -> Math.pow(e, k) * s.density(e), 0, 1e-6);
        for (double lo = 1e-6; lo < 400; lo = Math.min(2 * lo, lo + 5)) {
            double l = lo;
            double hi = Math.min(2 * lo, lo + 5);
            sum += GL.integrate(e -> Math.pow(e, k) * s.density(e), l, hi);
        }
        return sum;
    }

    @Test
    void paperSpectrumHasItsAlphaAndMoments() {
        PinchedSpectrum s = PinchedSpectrum.paperDefault();
        assertThat(s.alpha()).isCloseTo(160.0 / 65.0, within(1e-14));
        assertThat(moment(s, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(moment(s, 1)).isCloseTo(15.0, within(1e-10));
        assertThat(moment(s, 2)).isCloseTo(290.0, within(1e-8));
    }

    @Test
    void binFractionsAreTheIntegralOfTheDensity() {
        PinchedSpectrum s = new PinchedSpectrum(12, 180);
        double numeric = GL.integrate(s::density, 7, 9);
        assertThat(s.fractionBetween(7, 9)).isCloseTo(numeric, within(1e-13));
        assertThat(s.fractionBetween(0, 1e4)).isCloseTo(1.0, within(1e-14));
    }

    @Test
    void rejectsMomentsWithoutAPinchedShape() {
        assertThatThrownBy(() -> new PinchedSpectrum(15, 200))
                .hasMessage("mean square energy <E^2> (MeV^2) must be in (<E>^2, 2 <E>^2) = (225.0, 450.0), got 200.0");
    }
}
