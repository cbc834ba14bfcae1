package nusi.transport;

import nusi.grid.EnergyGrid;

/**
 * Counts per energy bin at the source and at Earth (fractions of the neutrinos emitted), with the tracked
 * outflow below the grid and the model's injected energy (physics.md, pitfall 7).
 *
 * @param grid                  the energy grid
 * @param initialCounts         emitted neutrinos per bin, summing to the fraction of the spectrum on the grid
 * @param finalCounts           neutrinos per bin at r = D
 * @param outflowCount          neutrinos that left through the lowest edge
 * @param outflowEnergy         their energy, MeV per emitted neutrino
 * @param injectedEnergy        energy the model adds (Efmin per scattering), MeV per emitted neutrino
 * @param threshold             detection threshold, MeV
 * @param fractionAboveThreshold F: neutrinos above threshold at r = D per neutrino emitted
 */
public record EnergySpectrumResult(EnergyGrid grid, double[] initialCounts, double[] finalCounts, double outflowCount,
                                   double outflowEnergy, double injectedEnergy, double threshold,
                                   double fractionAboveThreshold) {

    /** Energy on the grid (MeV per emitted neutrino), each bin at its mean energy. */
    public static double energyOnGrid(EnergyGrid grid, double[] counts) {
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i] * grid.meanEnergy(i);
        }
        return sum;
    }

    public double initialEnergy() {
        return energyOnGrid(grid, initialCounts);
    }

    public double finalEnergy() {
        return energyOnGrid(grid, finalCounts);
    }

    /** (E_grid(D) + E_out(D) - E_injected(D) - E(0)) / E(0): zero for exact energy conservation. */
    public double relativeEnergyBalance() {
        double e0 = initialEnergy();
        return (finalEnergy() + outflowEnergy - injectedEnergy - e0) / e0;
    }

    public double initialNumber() {
        double s = 0;
        for (double c : initialCounts) {
            s += c;
        }
        return s;
    }

    public double finalNumber() {
        double s = 0;
        for (double c : finalCounts) {
            s += c;
        }
        return s;
    }
}
