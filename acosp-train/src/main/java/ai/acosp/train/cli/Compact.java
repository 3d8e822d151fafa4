package ai.acosp.train.cli;

import ai.acosp.train.compact.CompactExperiment;

/**
 * Compacts a trained experiment ({@link CompactExperiment}): {@code Compact <config.yaml> [key
 * value ...]} ({@code tool/compact.sh}). The system property {@code acosp.compact.rounds} sets the
 * measured latency rounds (default 5; 0 skips the latency).
 */
public final class Compact {

    private Compact() {}

    /**
     * Entry point.
     *
     * @param args the config file and overrides
     */
    public static void main(String[] args) {
        CommandLine.run(
                "Compact",
                args,
                config ->
                        new CompactExperiment(config, Integer.getInteger("acosp.compact.rounds", 5))
                                .run(System.out));
    }
}
