package nusi.transport;

import org.junit.jupiter.api.Nested;

/** The Java reference against the contract, on one thread and on two (different row partitions): to 1e-12. */
class CpuBackendContractTest {
    @Nested
    class OneThread extends TransportBackendContractTest {
        OneThread() {
            super(1e-12, 1e-12, 1e-12, 1e-12);
        }

        @Override
        protected TransportBackend create(PhaseSpaceOperator op) {
            return new CpuBackend(op, 1);
        }
    }

    @Nested
    class TwoThreads extends TransportBackendContractTest {
        TwoThreads() {
            super(1e-12, 1e-12, 1e-12, 1e-12);
        }

        @Override
        protected TransportBackend create(PhaseSpaceOperator op) {
            return new CpuBackend(op, 2);
        }
    }
}
