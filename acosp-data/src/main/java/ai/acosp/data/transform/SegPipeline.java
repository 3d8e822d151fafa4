package ai.acosp.data.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** A sequence of {@link SegTransform}s applied in order; the empty pipeline changes nothing. */
public final class SegPipeline implements SegTransform {

    private final List<SegTransform> steps;

    /**
     * Creates a pipeline.
     *
     * @param steps the steps, in order
     */
    public SegPipeline(List<SegTransform> steps) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * Creates a pipeline.
     *
     * @param steps the steps, in order
     */
    public SegPipeline(SegTransform... steps) {
        this(List.of(steps));
    }

    /**
     * Returns the steps.
     *
     * @return an unmodifiable list of the steps
     */
    public List<SegTransform> getSteps() {
        return steps;
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        for (SegTransform step : steps) {
            step.apply(sample, rng);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "SegPipeline" + steps;
    }
}
