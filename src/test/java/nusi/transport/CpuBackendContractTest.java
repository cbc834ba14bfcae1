package nusi.transport;

import org.junit.jupiter.api.Nested;

/** The Java reference against the contract, on one thread and on two (different row partitions): to 1e-12. */
class CpuBackendContractTest {
    @Nested
    class OneThread extends TransportBackendContractTest {
        OneThread() {
            // Measured on this machine, worst of the fp64 backends over 5 runs (the rate and sweep inputs are random,
            // seeded per run): operator 6.9e-15, sweep 3.6e-15, vector ops 1.8e-16, propagation 6.2e-15, mean
            // angle 7.6e-15; asserted at 5-8x.
            super(5e-14, 3e-14, 3e-14, 4e-14);
        }

        @Override
        protected TransportBackend create(PhaseSpaceOperator op) {
            return new CpuBackend(op, 1);
        }
    }

    @Nested
    class TwoThreads extends TransportBackendContractTest {
        TwoThreads() {
            // Measured on this machine, worst of the fp64 backends over 5 runs (the rate and sweep inputs are random,
            // seeded per run): operator 6.9e-15, sweep 3.6e-15, vector ops 1.8e-16, propagation 6.2e-15, mean
            // angle 7.6e-15; asserted at 5-8x.
            super(5e-14, 3e-14, 3e-14, 4e-14);
        }

        @Override
        protected TransportBackend create(PhaseSpaceOperator op) {
            return new CpuBackend(op, 2);
        }
    }
}
