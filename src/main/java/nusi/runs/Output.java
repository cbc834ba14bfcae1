package nusi.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import nusi.io.Json;
import nusi.physics.Parameter;
import nusi.physics.ParameterException;

/**
 * Where a run writes and what it records of itself.
 *
 * @param folder        the run's folder
 * @param overwrite     whether the results of an earlier run there (its result.json) may be replaced
 * @param configuration the caller's description of the run, written as config.json: the command line's options, or
 *                      a typed plan ({@link #describing})
 */
public record Output(Path folder, boolean overwrite, ObjectNode configuration) {
    public Output {
        Objects.requireNonNull(folder, "folder");
        configuration = configuration == null ? Json.object() : configuration.deepCopy();
    }

    /** A run into {@code folder} recorded by its typed plan: {"command", "plan", "environment"}. */
    public static Output describing(Path folder, boolean overwrite, String command, Object plan) {
        ObjectNode c = Json.object();
        c.put("command", command);
        c.set("plan", Json.mapper().valueToTree(plan));
        c.set("environment", environment());
        return new Output(folder, overwrite, c);
    }

    /** A copy of the configuration, for a run to add what it derived. */
    ObjectNode configurationCopy() {
        return configuration.deepCopy();
    }

    /** Before the first file is written: the results of another run in the folder are not replaced silently. */
    void requireNoEarlierResults() {
        if (!overwrite && Files.exists(folder.resolve("result.json"))) {
            throw new ParameterException(Parameter.OUTPUT.token() + " " + folder + " already holds the results of "
                    + "another run (result.json): choose another " + Parameter.OUTPUT.token() + ", or add "
                    + Parameter.OVERWRITE.token() + " to replace them");
        }
    }

    /** Where and on what a run ran: written into every config.json. */
    public static ObjectNode environment() {
        ObjectNode env = Json.object();
        env.put("timestampUtc", Instant.now().toString());
        String v = Output.class.getPackage().getImplementationVersion();
        env.put("tool", "nusi-transport " + (v == null ? "dev" : v));
        env.put("java", System.getProperty("java.version"));
        env.put("javaVm", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        try {
            env.put("host", InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            env.put("host", "unknown");
        }
        env.put("jvmArguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return env;
    }
}
