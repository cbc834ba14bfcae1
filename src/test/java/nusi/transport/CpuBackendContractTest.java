package nusi.transport;

import org.junit.jupiter.api.Nested;

/** The Java reference against the contract, on one thread and on two (different row partitions). */
class CpuBackendContractTest {
    static final double SWEEP = 1e-12;
    @Nested
    class OneThread extends TransportBackendContractTest {
        @Override
        protected TransportBackend create(PhaseSpaceOperator op) {
            return new CpuBackend(op, 1);
        }

        @Override
        protected double operatorTolerance() {
            return 1e-12;
        }

        @Override
        protected double sweepTolerance() {
            return SWEEP;
        }

        @Override
        protected double propagationTolerance() {
            return 1e-12;
        }
    }

    @Nested
    class TwoThreads extends TransportBackendContractTest {
        @Override
        protected TransportBackend create(PhaseSpaceOperator op) {
            return new CpuBackend(op, 2);
        }

        @Override
        protected double operatorTolerance() {
            return 1e-12;
        }

        @Override
        protected double sweepTolerance() {
            return SWEEP;
        }

        @Override
        protected double propagationTolerance() {
            return 1e-12;
        }
    }
}
