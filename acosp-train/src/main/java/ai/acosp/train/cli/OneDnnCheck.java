package ai.acosp.train.cli;

import ai.acosp.train.cpu.OneDnnPath;
import java.io.IOException;

/**
 * Chooses the oneDNN path for {@code tool/classpath.sh} ({@link OneDnnPath}), in a short JVM of its
 * own: the reason on standard error, the line for the script on standard output. Not a user
 * command; on failure it says how to skip the check and exits with 1.
 */
public final class OneDnnCheck {

    private OneDnnCheck() {}

    /**
     * Entry point.
     *
     * @param args none
     */
    public static void main(String[] args) {
        OneDnnPath.Choice choice;
        try {
            choice = OneDnnPath.chooseForThisMachine();
        } catch (IOException | RuntimeException e) {
            System.err.println(
                    "oneDNN: the convolution check failed to run ("
                            + e
                            + "); set "
                            + OneDnnPath.VARIABLE
                            + " (e.g. SSE41 or ALL) to skip it");
            System.exit(1);
            return;
        }
        System.err.println(choice.message());
        System.out.println(choice.scriptLine());
    }
}
