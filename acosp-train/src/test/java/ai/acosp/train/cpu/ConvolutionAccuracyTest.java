package ai.acosp.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real check on this machine: the engine's float32 3x3 convolution agrees with its float64 one
 * on the path the tests run (the default one where the CPU has AVX2, SSE4.1 without it; see the
 * parent pom). On an earlier machine without AVX2 libtorch 2.7.1's oneDNN AVX/AVX2 paths failed
 * this for input channels above 16 that are not a multiple of 16 (15-31 % relative error or NaN;
 * training went NaN); on SSE4.1 it passed. {@link OneDnnPathTest} covers the choice with injected
 * results.
 */
class ConvolutionAccuracyTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 24, 28, 59, 64})
    void float32AgreesWithFloat64(int inChannels) {
        double relative = ConvolutionAccuracy.relativeError(inChannels);
        System.out.printf(
                "%d input channels: relative error %.3g (ONEDNN_MAX_CPU_ISA=%s)%n",
                inChannels, relative, System.getenv("ONEDNN_MAX_CPU_ISA"));
        assertTrue(
                relative < ConvolutionAccuracy.TOLERANCE,
                inChannels
                        + " input channels: relative error "
                        + relative
                        + " (ONEDNN_MAX_CPU_ISA="
                        + System.getenv("ONEDNN_MAX_CPU_ISA")
                        + ")");
    }

    @Test
    void resultsRoundTripThroughTheirLine() {
        ConvolutionAccuracy.Result failed = new ConvolutionAccuracy.Result(28, 0.213);
        assertEquals("fail 28 0.213", failed.format());
        assertEquals(failed, ConvolutionAccuracy.Result.parse(failed.format()));
        ConvolutionAccuracy.Result nan = ConvolutionAccuracy.Result.parse("fail 24 NaN");
        assertFalse(nan.passed());
        assertTrue(ConvolutionAccuracy.Result.parse("pass 59 3.10e-07").passed());
        assertThrows(
                IllegalArgumentException.class,
                () -> ConvolutionAccuracy.Result.parse("pass 24 0.2"));
        assertThrows(
                IllegalArgumentException.class, () -> ConvolutionAccuracy.Result.parse("garbage"));
    }
}
