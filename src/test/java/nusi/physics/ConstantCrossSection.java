package nusi.physics;

import java.util.function.DoubleUnaryOperator;
import nusi.numerics.GaussLegendre;

/**
 * Test kernel of physics.md: constant total cross section sig0 with Ef flat on [0, Ei], i.e.
 * dsig/dEf = sig0/Ei. Its energy moments obey M_k(r) = M_k(0) exp(n sig0 r (1-k)/(1+k)).
 */
public record ConstantCrossSection(double sigma0) implements ScatteringCrossSection {
    private static final GaussLegendre GL = new GaussLegendre(12);

    @Override
    public double differentialPerFinalEnergy(double initialEnergy) {
        return sigma0 / initialEnergy;
    }

    @Override
    public double minimumFinalEnergy(double initialEnergy) {
        return 0;
    }

    @Override
    public double integrateDifferential(double a, double b, DoubleUnaryOperator h) {
        double sum = 0;
        for (double lo = a; lo < b; lo *= 2) {
            double hi = Math.min(b, 2 * lo);
            sum += GL.integrate(e -> sigma0 / e * h.applyAsDouble(e), lo, hi);
        }
        return sum;
    }
}
