package ai.acosp.train;

import ai.acosp.train.cli.EntryPoint;
import ai.acosp.train.cli.UsageException;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The shared command line of the entry points: {@code <config.yaml> [key value ...]}; a failure
 * ends the process as {@link EntryPoint} says (one line, an exit code per kind of failure).
 */
final class CommandLine {

    private CommandLine() {}

    /** A body of an entry point. */
    @FunctionalInterface
    interface Body {
        void run(ExperimentConfig config) throws Exception;
    }

    /**
     * Loads the configuration named on the command line and runs the body; exits on failure.
     *
     * @param program the program name for the usage line
     * @param args {@code <config.yaml> [key value ...]}
     * @param body what to do with the configuration
     */
    static void run(String program, String[] args, Body body) {
        EntryPoint.run(
                () -> {
                    if (args.length < 1) {
                        throw new UsageException(
                                "no config file given",
                                "usage: " + program + " <config.yaml> [key value ...]");
                    }
                    body.run(load(args));
                });
    }

    /**
     * Loads {@code args[0]} with the overrides that follow.
     *
     * @param args the arguments
     * @return the configuration
     */
    static ExperimentConfig load(String[] args) {
        List<String> overrides = Arrays.asList(args).subList(1, args.length);
        return ConfigLoader.load(Path.of(args[0]), overrides);
    }
}
