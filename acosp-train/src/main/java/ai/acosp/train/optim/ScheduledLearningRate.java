package ai.acosp.train.optim;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ParameterTracker} that gives every parameter the schedule's rate at the current global
 * iteration, times a factor for some parameters (10 for the PSPNet pyramid module and heads).
 *
 * <p>The training loop sets the iteration before each optimizer step; the rate therefore does not
 * depend on how often DJL calls the optimizer per step (once per device).
 */
public class ScheduledLearningRate implements ParameterTracker {

    private final LearningRateSchedule schedule;
    private final Set<String> boosted;
    private final float factor;
    private volatile long iteration = 1;

    /**
     * Creates the tracker.
     *
     * @param schedule the base schedule
     * @param boosted the ids of the parameters that get {@code factor} times the rate
     * @param factor the factor, e.g. 10
     */
    public ScheduledLearningRate(LearningRateSchedule schedule, Set<String> boosted, float factor) {
        this.schedule = schedule;
        this.boosted = Set.copyOf(boosted);
        this.factor = factor;
    }

    /**
     * Creates a tracker with the same rate for all parameters.
     *
     * @param schedule the schedule
     */
    public ScheduledLearningRate(LearningRateSchedule schedule) {
        this(schedule, Set.of(), 1f);
    }

    /**
     * Sets the 1-based global iteration of the coming step.
     *
     * @param iteration the iteration
     */
    public void setIteration(long iteration) {
        this.iteration = iteration;
    }

    /**
     * The base rate of the coming step (without the factor).
     *
     * @return the rate
     */
    public double currentRate() {
        return schedule.rate(iteration);
    }

    /** {@inheritDoc} */
    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        double rate = schedule.rate(iteration);
        return (float) (boosted.contains(parameterId) ? rate * factor : rate);
    }

    /**
     * The rate each group of parameters gets now, for logs.
     *
     * @return "base" and, if any parameter is boosted, "head" to the rate
     */
    public Map<String, Double> groupRates() {
        double rate = schedule.rate(iteration);
        return boosted.isEmpty()
                ? Map.of("base", rate)
                : Map.of("base", rate, "head", rate * factor);
    }
}
