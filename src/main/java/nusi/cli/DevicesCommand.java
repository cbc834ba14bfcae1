package nusi.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import nusi.transport.opencl.OpenClBackend;
import nusi.transport.opencl.OpenClDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the devices that --backend opencl --device and --backend tornado --device can choose. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List OpenCL devices (--backend opencl): index (for --device), name, type, platform, compute "
                + "units, memory, float64 support, driver; then TornadoVM's devices (--backend tornado), or why "
                + "TornadoVM is not available in this JVM."})
public final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<OpenClDevices.Device> all = OpenClDevices.list();
        OpenClDevices.Device chosen = OpenClDevices.choose(null);
        for (OpenClDevices.Device d : all) {
            out.println(d.summary() + (d.index() == chosen.index() ? "  <- default (layout "
                    + OpenClBackend.defaultLayout(d).name().toLowerCase(java.util.Locale.ROOT) + ")" : ""));
        }
        java.util.Optional<nusi.backends.ExternalBackend> tornado = nusi.backends.Backends.tornado();
        if (tornado.isPresent()) {
            out.println("TornadoVM devices (--backend tornado --device):");
            tornado.get().devices().forEach(line -> out.println(line));
        } else {
            out.println("TornadoVM: not available in this JVM (" + OptionNames.message(
                    new nusi.physics.ParameterException(nusi.backends.Backends.TORNADO_MISSING)) + ")");
        }
        return 0;
    }
}
