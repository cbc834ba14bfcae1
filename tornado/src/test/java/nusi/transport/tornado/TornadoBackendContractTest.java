package nusi.transport.tornado;

import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import nusi.transport.TransportBackendContractTest;

/**
 * The TornadoVM backend against the backend contract (the rate against the cell-by-cell gather, the real and
 * complex sweeps by their residuals, the vector operations, a full CRAM propagation against the dense energy-only
 * exponential), on TornadoVM's default device: PoCL here and in CI. Tolerances as for the OpenCL float64 backend;
 * the task graphs run the reference's scatter in the reference's order without fast math, and
 * {@link TornadoMatchesCpuTest} finds the Fig. 3 state within 2.6e-15 of the Java reference per cell.
 */
class TornadoBackendContractTest extends TransportBackendContractTest {
    TornadoBackendContractTest() {
        // The fp64 tolerances of the core backends (measured there within 6.9e-15, 3.6e-15, 6.2e-15, 7.6e-15).
        super(5e-14, 3e-14, 3e-14, 4e-14);
    }

    @Override
    protected TransportBackend create(PhaseSpaceOperator op) {
        return new TornadoProvider().create(op, System.getProperty("nusi.test.device"));
    }
}
