package nusi.backends;

import nusi.transport.CpuBackend;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.Precision;
import nusi.transport.TransportBackend;

import java.util.Locale;

/**
 * Chooses and builds a {@link TransportBackend}: the one place that knows every backend (above the transport
 * package and its backends, so that neither imports the other back).
 */
public final class Backends {
    private Backends() {
    }

    /** The backends this build knows. TornadoVM would join here where its SDK is installed. */
    public enum Kind { CPU, OPENCL;
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--backend must be one of cpu, opencl; got '" + s + "'");
        }
    }

    /** Backend settings as chosen on the command line. */
    public record Choice(Kind kind, int threads, String device, Precision precision) {
        public Choice {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("--threads must be in [1, 1024], got " + threads);
            }
            if (kind == Kind.CPU && precision == Precision.FP32) {
                throw new IllegalArgumentException("--precision fp32 needs --backend opencl (the CPU reference is float64)");
            }
        }

        public Choice withThreads(int t) {
            return new Choice(kind, t, device, precision);
        }

        public static Choice cpu(int threads) {
            return new Choice(Kind.CPU, threads, null, Precision.FP64);
        }
    }

    public static TransportBackend create(Choice choice, PhaseSpaceOperator op) {
        return switch (choice.kind()) {
            case CPU -> new CpuBackend(op, choice.threads());
            case OPENCL -> nusi.transport.opencl.OpenClBackend.create(op, choice.device(), choice.precision());
        };
    }
}
