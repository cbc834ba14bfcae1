package nusi.transport;

/** The energy-angle solver's angle-integrated counts against the energy-only solver's, as the model-option tests ask. */
public final class AngleIntegratedAgreement {
    private AngleIntegratedAgreement() {
    }

    /** The largest relative difference over the bins holding more than 1e-30 of the energy-only total. */
    public static double worstBin(double[] energyOnly, double[] angleIntegrated) {
        double total = 0;
        for (double c : energyOnly) {
            total += c;
        }
        double worst = 0;
        for (int j = 0; j < energyOnly.length; j++) {
            if (energyOnly[j] > 1e-30 * total) {
                worst = Math.max(worst, Math.abs(angleIntegrated[j] / energyOnly[j] - 1));
            }
        }
        return worst;
    }
}
