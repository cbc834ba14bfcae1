package nusi.cli;

import picocli.CommandLine.Option;

/** --config FILE: option values from a config.json of an earlier run (read by {@link Main} before parsing). */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Take option values from FILE (a config.json written by an earlier run); options given "
                    + "on the command line override it.")
    String config;
}
