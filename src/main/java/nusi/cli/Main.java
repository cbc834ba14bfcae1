package nusi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import nusi.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code nusi} tool. Without a sub-command it runs the main job (the paper's figures);
 * {@code propagate}, {@code scan} and {@code devices} do one thing each.
 *
 * <p>Exit codes: 0 success, 1 internal error (a bug: stack trace shown), 2 user error (one line).
 */
@Command(name = "nusi", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Supernova neutrinos through the relic neutrino background under secret interactions "
                + "(Shalgar, Tamborra, Bustamante, PRD 103, 123008 (2021)).",
            "Without a command (or with only reproduce's options, e.g. --quick): the main job, 'reproduce', computes "
                + "the paper's figures into results/ with a report, results/report.md."},
        subcommands = {PropagateCommand.class, ScanCommand.class, DevicesCommand.class, ReproduceCommand.class,
            BenchmarkReportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // Not reached through run(String[]), which turns an empty command line into 'reproduce'.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        args = withDefaultCommand(args);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options, their units and defaults.");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            Throwable t = ex;
            if (t instanceof CommandLine.ExecutionException && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof UserError || t instanceof IllegalArgumentException || t instanceof UncheckedIOException) {
                err.println("error: " + oneLine(OptionNames.message(t)));
                return USER_ERROR;
            }
            if (t instanceof nusi.transport.NotConvergedException nc) {
                // The domain names no options; the step settings come from --tolerance and --integrator.
                err.println("error: --tolerance " + nc.tolerance() + " not reached: " + oneLine(nc.getMessage())
                        + "; loosen --tolerance or use --integrator cram (exact)");
                return USER_ERROR;
            }
            err.println("internal error (please report): " + t);
            t.printStackTrace(err);
            return 1;
        });
        try {
            Map<String, String> defaults = configDefaults(args);
            requireKnownOptions(cl, args, defaults.keySet());
            args = withConfigFlags(cl, args, defaults);
            if (!defaults.isEmpty()) {
                cl.setDefaultValueProvider(arg -> {
                    if (arg instanceof CommandLine.Model.OptionSpec o) {
                        String v = defaults.get(o.longestName().replaceFirst("^--", ""));
                        if (v != null) {
                            return v;
                        }
                    }
                    return arg.defaultValue();
                });
            }
        } catch (UserError e) {
            err.println("error: " + e.getMessage());
            return USER_ERROR;
        }
        return cl.execute(args);
    }

    /** No command, or options only (e.g. --quick): the main job, i.e. 'reproduce' with those options. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || (args[0].startsWith("-") && !args[0].equals("--help") && !args[0].equals("-h")
                && !args[0].equals("--version") && !args[0].equals("-V"))) {
            String[] a = new String[args.length + 1];
            a[0] = "reproduce";
            System.arraycopy(args, 0, a, 1, args.length);
            return a;
        }
        return args;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Reads {@code --config FILE}: a config.json written by an earlier run (its "options" object) or a flat JSON
     * object of option names without dashes. Options given on the command line override it.
     */
    static Map<String, String> configDefaults(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String file = null;
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new UserError("--config needs a file: a config.json from an earlier run");
                }
                file = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                file = args[i].substring("--config=".length());
            }
            if (file == null) {
                continue;
            }
            Path p = Path.of(file);
            if (!Files.isReadable(p)) {
                throw new UserError("--config: cannot read " + file + " (no such readable file)");
            }
            JsonNode root;
            try {
                root = Json.mapper().readTree(p.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UserError("--config: " + file + " is not valid JSON: " + oneLine(e.getOriginalMessage()));
            } catch (java.io.IOException e) {
                throw new UserError("--config: cannot read " + file + ": " + oneLine(e.getMessage()));
            }
            if (!root.has("options") && root.has("plan")) {
                throw new UserError("--config: " + file + " records a typed plan (a stage of the main job), not "
                        + "command-line options: rerun the main job, or read the plan into its nusi.runs record from Java");
            }
            JsonNode options = root.has("options") ? root.get("options") : root;
            if (!options.isObject()) {
                throw new UserError("--config: " + file + " must hold a JSON object of option values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // A config never carries the output folder: rerunning a config.json must not write into (and
                // overwrite) the folder of the run that wrote it.
                // Nor the shard (a merge finishes the whole scan with a shard's options), nor whether to resume or
                // overwrite: those are decisions of the run at hand.
                if (e.getValue().isNull() || CONFIG_NEVER_CARRIES.contains(e.getKey())) {
                    continue;
                }
                JsonNode v = e.getValue();
                String text;
                if (v.isArray()) {
                    List<String> parts = new ArrayList<>();
                    v.forEach(x -> parts.add(x.isTextual() ? x.asText() : x.toString()));
                    text = String.join(",", parts);
                } else {
                    text = v.isTextual() ? v.asText() : v.toString();
                }
                map.put(e.getKey(), text);
            }
        }
        return map;
    }

    /**
     * Every key of a --config file must be an option of the command being run (a typo would otherwise be ignored
     * silently and the run would use a default the user did not mean).
     */
    static void requireKnownOptions(CommandLine cl, String[] args, java.util.Set<String> keys) {
        if (keys.isEmpty() || args.length == 0) {
            return;
        }
        CommandLine sub = cl.getSubcommands().get(args[0]);
        if (sub == null) {
            return;
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
            for (String name : o.names()) {
                known.add(name.replaceFirst("^-+", ""));
            }
        }
        for (String k : keys) {
            if (!known.contains(k)) {
                throw new UserError("--config: unknown option '" + k + "' for '" + args[0] + "' (its options: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * Boolean flags from a config are given as flags, not as defaults: picocli sets a flag given on the command line
     * to the opposite of its default, so a config's "true" served as the default would turn a repeated flag off.
     * Removes them from {@code defaults}; returns the arguments with the config's true flags appended when absent.
     */
    static String[] withConfigFlags(CommandLine cl, String[] args, Map<String, String> defaults) {
        if (defaults.isEmpty() || args.length == 0 || cl.getSubcommands().get(args[0]) == null) {
            return args;
        }
        List<String> out = new ArrayList<>(List.of(args));
        for (CommandLine.Model.OptionSpec o : cl.getSubcommands().get(args[0]).getCommandSpec().options()) {
            String key = o.longestName().replaceFirst("^--", "");
            if (o.arity().max() == 0 && defaults.containsKey(key)) {
                String v = defaults.remove(key);
                if (Boolean.parseBoolean(v) && !out.contains(o.longestName())) {
                    out.add(o.longestName());
                }
            }
        }
        return out.toArray(new String[0]);
    }

    /** Options a --config file never sets. */
    static final java.util.Set<String> CONFIG_NEVER_CARRIES = java.util.Set.of("out", "shard", "resume", "overwrite",
            "dry-run");

    /** Version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"nusi-transport " + (v == null ? "dev" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
