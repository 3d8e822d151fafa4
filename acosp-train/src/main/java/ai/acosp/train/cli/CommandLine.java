package ai.acosp.train.cli;

import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.failure.UsageException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The shared command line of the experiment tools: {@code <config.yaml> [key value ...]}; a failure
 * ends the process as {@link EntryPoint} says (one line, an exit code per kind of failure; 2 for a
 * missing or impossible configuration).
 */
public final class CommandLine {

    private CommandLine() {}

    /** A body of an entry point. */
    @FunctionalInterface
    public interface Body {

        /**
         * Does the tool's work.
         *
         * @param config the loaded configuration
         * @throws Exception anything; it is reported
         */
        void run(ExperimentConfig config) throws Exception;
    }

    /**
     * Loads the configuration named on the command line and runs the body; exits on failure.
     *
     * @param program the program name for the usage line
     * @param args {@code <config.yaml> [key value ...]}
     * @param body what to do with the configuration
     */
    public static void run(String program, String[] args, Body body) {
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
    public static ExperimentConfig load(String[] args) {
        List<String> overrides = Arrays.asList(args).subList(1, args.length);
        return ConfigLoader.load(Path.of(args[0]), overrides);
    }
}
