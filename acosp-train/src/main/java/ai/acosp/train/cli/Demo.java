package ai.acosp.train.cli;

import ai.acosp.train.demo.DemoRun;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the demo ({@link DemoRun}) from the repository root: {@code Demo [key value ...]}, the
 * overrides applying to the dense and the ACoSP-4 experiment ({@code tool/demo.sh}). The system
 * property {@code acosp.demo.rounds} sets the timed inference rounds (default 10).
 */
public final class Demo {

    private static final String DENSE_CONFIG = "config/synthetic/synthetic_segnet.yaml";

    private Demo() {}

    /**
     * Entry point.
     *
     * @param args overrides, e.g. {@code epochs 2}
     */
    public static void main(String[] args) {
        // the dense configuration is loaded first so that a bad override fails before any work
        String[] withConfig = new String[args.length + 1];
        withConfig[0] = DENSE_CONFIG;
        System.arraycopy(args, 0, withConfig, 1, args.length);
        CommandLine.run(
                "Demo",
                withConfig,
                dense -> {
                    int rounds = Integer.getInteger("acosp.demo.rounds", 10);
                    DemoRun.Result result =
                            DemoRun.run(Path.of("config"), Arrays.asList(args), rounds);
                    System.out.print(result.report());
                });
    }
}
