package ai.acosp.train.cli;

import ai.acosp.train.run.TestRun;

/**
 * Tests an experiment: {@code Test <config.yaml> [key value ...]}; {@code model_path} defaults to
 * the experiment's final checkpoint.
 */
public final class Test {

    private Test() {}

    /**
     * Entry point.
     *
     * @param args the config file and overrides
     */
    public static void main(String[] args) {
        CommandLine.run("Test", args, config -> new TestRun(config).run());
    }
}
