package ai.acosp.train.cli;

import static ai.acosp.train.bench.Bench.runParts;

/**
 * The CPU benchmark ({@link ai.acosp.train.bench.Bench}): {@code Bench [PARTS] [key=value ...]}
 * ({@code tool/bench.sh}).
 */
public final class Bench {

    private Bench() {}

    /**
     * Entry point.
     *
     * @param args see {@link ai.acosp.train.bench.Bench}
     */
    public static void main(String[] args) {
        EntryPoint.run(() -> runParts(args));
    }
}
