package ai.acosp.train.demo;

import ai.acosp.train.log.Progress;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's timing of dense against compact inference on one image: a warm-up round, then
 * round-robin rounds ({@link RoundRobinTimer}) with a progress line, and the median per model.
 */
final class InferenceTiming {

    private InferenceTiming() {}

    /**
     * Times the two models.
     *
     * @param dense the dense network
     * @param compact the compact network
     * @param image the input
     * @param rounds measured rounds
     * @return the median milliseconds of {@code dense} and {@code compact}
     */
    static Map<String, Double> denseAgainstCompact(
            Block dense, Block compact, NDArray image, int rounds) {
        Map<String, Block> variants = new LinkedHashMap<>();
        variants.put("dense", dense);
        variants.put("compact", compact);
        RoundRobinTimer.inferenceMedians(variants, image, 0, 1); // warm-up
        Map<String, List<Double>> times = new LinkedHashMap<>();
        variants.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        Progress progress = new Progress("Timing dense vs compact", rounds, "rounds");
        for (int round = 0; round < rounds; round++) {
            RoundRobinTimer.inferenceMedians(variants, image, 0, 1)
                    .forEach((k, ms) -> times.get(k).add(ms));
            progress.update(round + 1, "");
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((k, v) -> medians.put(k, RoundRobinTimer.median(v)));
        progress.finish(
                String.format(
                        Locale.ROOT,
                        "dense %.1f ms, compact %.1f ms",
                        medians.get("dense"),
                        medians.get("compact")));
        return medians;
    }
}
