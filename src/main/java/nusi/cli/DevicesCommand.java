package nusi.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import nusi.transport.opencl.OpenClBackend;
import nusi.transport.opencl.OpenClDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the OpenCL platforms and devices that --backend opencl --device can choose. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List OpenCL devices: index (for --device), name, type, platform, compute units, memory, "
                + "float64 support, driver."})
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
        return 0;
    }
}
