package ai.acosp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's float32 3x3 convolution agrees with its float64 one. On the project's machine
 * libtorch 2.7.1's oneDNN AVX/AVX2/AVX-512 paths failed this for input channels above 16 that are
 * not a multiple of 16 (15-31 % relative error or NaN; training went NaN); with {@code
 * ONEDNN_MAX_CPU_ISA=SSE41}, which the parent pom sets for the tests, it passes.
 */
class ConvolutionAccuracyTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 24, 28, 59, 64})
    void float32AgreesWithFloat64(int inChannels) {
        double relative = ConvolutionAccuracy.relativeError(inChannels);
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
