package nusi.backends;

import java.util.List;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;

/**
 * A backend that lives outside this jar and its JDK (TornadoVM's needs JDK 25 and its SDK): found with
 * {@link java.util.ServiceLoader} when its module is on the class path, as {@code ./run.sh} arranges.
 */
public interface ExternalBackend {
    /** The --backend kind it serves, in lower case ({@code tornado}). */
    String kind();

    /**
     * A backend for {@code op} on the device chosen by {@code deviceSelector} (null: the default; an index or a
     * part of a device name otherwise).
     *
     * @throws IllegalArgumentException if no usable device exists or the selector matches none (one line)
     */
    TransportBackend create(PhaseSpaceOperator op, String deviceSelector);

    /** One line per device: index, name, what the user needs to choose it; the default marked. */
    List<String> devices();
}
