package nusi.transport;

/** Lets tests in other packages build the small operators of the contract test. */
public final class TransportBackendContractTestAccess {
    private TransportBackendContractTestAccess() {
    }

    public static PhaseSpaceOperator operator(int energyBins, int angleCells) {
        return TransportBackendContractTest.operator(energyBins, angleCells, -3.5, -1.75);
    }
}
