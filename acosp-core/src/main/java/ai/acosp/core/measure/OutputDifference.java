package ai.acosp.core.measure;

/** How far two outputs of the same network computation lie apart. */
public final class OutputDifference {

    private OutputDifference() {}

    /**
     * The largest absolute difference between {@code expected} and {@code actual}, relative to the
     * largest magnitude in {@code expected}.
     *
     * @param expected the reference output
     * @param actual the output to compare
     * @return max |expected - actual| / max |expected|
     * @throws IllegalArgumentException if the outputs differ in size
     */
    public static double relative(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException(
                    "outputs differ in size: " + expected.length + " vs " + actual.length);
        }
        double scale = 1e-12;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        return diff / scale;
    }
}
