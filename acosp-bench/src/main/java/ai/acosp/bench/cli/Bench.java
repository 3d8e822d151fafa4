package ai.acosp.bench.cli;

import static ai.acosp.bench.Bench.runParts;

import ai.acosp.train.cli.EntryPoint;

/**
 * The CPU benchmark ({@link ai.acosp.bench.Bench}): {@code Bench [PARTS] [key=value ...]} ({@code
 * tool/bench.sh}).
 */
public final class Bench {

    private Bench() {}

    /**
     * Entry point.
     *
     * @param args see {@link ai.acosp.bench.Bench}
     */
    public static void main(String[] args) {
        EntryPoint.run(() -> runParts(args));
    }
}
