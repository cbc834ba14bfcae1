package nusi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import nusi.io.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The full configuration of a run, written as config.json next to its results; --config reads it back. */
final class RunRecord {
    private RunRecord() {
    }

    /** {"command", "options": every option's value by long name, "environment"}. */
    static ObjectNode of(CommandSpec spec) {
        ObjectNode root = Json.object();
        root.put("command", spec.qualifiedName());
        ObjectNode options = root.putObject("options");
        for (OptionSpec o : spec.options()) {
            String name = o.longestName().replaceFirst("^--", "");
            if (o.usageHelp() || o.versionHelp() || name.equals("config")) {
                continue;
            }
            Object v = o.getValue();
            if (v == null) {
                options.putNull(name);
            } else if (v instanceof Boolean b) {
                options.put(name, b);
            } else if (v instanceof Integer i) {
                options.put(name, i);
            } else if (v instanceof Double d) {
                options.put(name, d);
            } else if (v instanceof double[] a) {
                com.fasterxml.jackson.databind.node.ArrayNode arr = options.putArray(name);
                for (double x : a) {
                    arr.add(x);
                }
            } else {
                options.put(name, v.toString());
            }
        }
        root.set("environment", environment());
        return root;
    }

    static ObjectNode environment() {
        ObjectNode env = Json.object();
        env.put("timestampUtc", Instant.now().toString());
        env.put("tool", new Main.Version().getVersion()[0]);
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
