package ai.acosp.data.image;

/**
 * Loads OpenCV's native library once, from the {@code org.openpnp:opencv} jar.
 *
 * <p>Nothing is downloaded: the jar ships the library and {@code loadLocally} extracts it to a
 * temporary folder.
 */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {}

    /** Loads the native library if it is not loaded yet; cheap after the first call. */
    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
