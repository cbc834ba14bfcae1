package nusi.physics;

import java.util.function.DoubleUnaryOperator;

/**
 * A nu + relic-nu scattering model whose outgoing energy Ef is distributed flat on
 * [minimumFinalEnergy(Ei), Ei] (Eq. 5 with a Breit-Wigner that depends on Ei only). Energies in MeV,
 * cross sections in MeV^-2. Implementations are immutable and thread-safe.
 */
public interface ScatteringCrossSection {

    /** dsig/dEf at initial energy Ei, MeV^-3, the same for every Ef in [Efmin, Ei]. */
    double differentialPerFinalEnergy(double initialEnergy);

    /** Lower end Efmin(Ei) of the outgoing energy. */
    double minimumFinalEnergy(double initialEnergy);

    /** Total cross section sig(Ei) = dsig/dEf (Ei - Efmin), MeV^-2. */
    default double total(double initialEnergy) {
        return differentialPerFinalEnergy(initialEnergy) * (initialEnergy - minimumFinalEnergy(initialEnergy));
    }

    /**
     * Int_a^b dE dsig/dEf(E) h(E) for a function h that is smooth on the scale of E. Implementations must
     * resolve any structure of dsig/dEf narrower than [a, b] (the resonance); this is what bin averages use.
     */
    double integrateDifferential(double a, double b, DoubleUnaryOperator smoothFactor);

    /** Several smooth factors h_q(E) evaluated together: values[q] = h_q(e). */
    @FunctionalInterface
    interface SmoothFactors {
        void evaluate(double e, double[] values);
    }

    /**
     * out[q] = Int_a^b dE dsig/dEf(E) h_q(E) for q < out.length, the factors evaluated together (the bin integrals
     * of an operator share their nodes). This default integrates each factor on its own.
     */
    default void integrateDifferential(double a, double b, SmoothFactors factors, double[] out) {
        int m = out.length;
        double[] v = new double[m];
        for (int q = 0; q < m; q++) {
            int index = q;
            out[q] = integrateDifferential(a, b, e -> {
                factors.evaluate(e, v);
                return v[index];
            });
        }
    }
}
