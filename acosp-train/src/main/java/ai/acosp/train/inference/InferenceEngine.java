package ai.acosp.train.inference;

import ai.acosp.train.config.ExperimentConfig;
import java.util.Locale;

/**
 * Which runtime runs the network: the configuration key {@value #KEY} of {@code tool/predict.sh},
 * {@code tool/test.sh} and the Spark job, and the {@code runtime} argument of a model folder loaded
 * with DJL's {@code Criteria}.
 */
public enum InferenceEngine {

    /** DJL (its PyTorch engine) runs the network of a checkpoint or a model folder. */
    DJL,

    /** ONNX Runtime (CPU) runs a {@code model.onnx} written by {@code tool/export.sh}. */
    ONNXRUNTIME;

    /** The configuration key. */
    public static final String KEY = "engine";

    /**
     * The engine a configuration names.
     *
     * @param c the configuration (validated: {@code djl} or {@code onnxruntime})
     * @return the engine
     */
    public static InferenceEngine of(ExperimentConfig c) {
        return parse(c.getChoice(KEY));
    }

    /**
     * The engine of a value.
     *
     * @param value {@code djl} or {@code onnxruntime}, in any case; null is {@code djl}
     * @return the engine
     * @throws IllegalArgumentException for any other value
     */
    public static InferenceEngine parse(String value) {
        if (value == null) {
            return DJL;
        }
        for (InferenceEngine engine : values()) {
            if (engine.value().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new IllegalArgumentException(
                "'" + value + "' is no engine; allowed values: djl, onnxruntime");
    }

    /**
     * The value as configurations and arguments spell it.
     *
     * @return {@code djl} or {@code onnxruntime}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
