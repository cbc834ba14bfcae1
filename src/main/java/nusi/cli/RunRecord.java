package nusi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return nusi.runs.Output.environment();
    }
}
