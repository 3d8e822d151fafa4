package ai.acosp.train;

import ai.acosp.train.config.ConfigException;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The shared command line of the entry points: {@code <config.yaml> [key value ...]}, and how a
 * failure ends the process (a configuration problem: its message and exit code 2; anything else:
 * the stack trace and exit code 1).
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
        if (args.length < 1) {
            System.err.println("usage: " + program + " <config.yaml> [key value ...]");
            System.exit(2);
        }
        try {
            body.run(load(args));
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
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
