package ai.acosp.train.cli;

import ai.acosp.train.run.TrainingRun;

/**
 * Trains an experiment: {@code Train <config.yaml> [key value ...]}. {@code tool/train.sh} runs it
 * and then {@link Test} with the same overrides.
 */
public final class Train {

    private Train() {}

    /**
     * Entry point.
     *
     * @param args the config file and overrides
     */
    public static void main(String[] args) {
        CommandLine.run("Train", args, config -> new TrainingRun(config).run());
    }
}
