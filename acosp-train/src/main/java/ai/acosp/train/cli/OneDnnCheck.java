package ai.acosp.train.cli;

import ai.acosp.train.cpu.OneDnnPath;
import java.io.IOException;

/**
 * Runs the convolution check and chooses the oneDNN path for {@code tool/classpath.sh} ({@link
 * OneDnnPath}), in a short JVM of its own that the script starts only on a CPU without AVX2 or when
 * {@code ACOSP_ONEDNN_CHECK=1}: the reason on standard error, the value for {@code
 * ONEDNN_MAX_CPU_ISA} ({@code -} for none) on standard output. Not a user command; on failure it
 * says how to skip the check and exits with 1.
 */
public final class OneDnnCheck {

    private OneDnnCheck() {}

    /**
     * Entry point.
     *
     * @param args {@code asked} (the user asked: check now, whatever is cached) or {@code no-avx2}
     *     (the CPU lacks AVX2: use a cached result)
     */
    public static void main(String[] args) {
        boolean asked = args.length > 0 && args[0].equals("asked");
        String why = asked ? "checked as asked by ACOSP_ONEDNN_CHECK=1" : "the CPU has no AVX2";
        OneDnnPath.Choice choice;
        try {
            choice = OneDnnPath.chooseForThisMachine(asked, why);
        } catch (IOException | RuntimeException e) {
            System.err.println(
                    "oneDNN: the convolution check failed to run ("
                            + e
                            + "); set "
                            + OneDnnPath.VARIABLE
                            + " (e.g. SSE41 or ALL) or ACOSP_ONEDNN_CHECK=0 to skip it");
            System.exit(1);
            return;
        }
        System.err.println(choice.message());
        System.out.println(choice.scriptLine());
    }
}
