package ai.acosp.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void polyPerIteration() {
        LearningRateSchedule poly = LearningRateSchedule.named("poly", 0.01, 10, 10, 0.9);
        assertEquals(0.01 * Math.pow(1 - 1 / 100.0, 0.9), poly.rate(1), 1e-12);
        assertEquals(0.01 * Math.pow(0.5, 0.9), poly.rate(50), 1e-12);
        assertEquals(0.0, poly.rate(100), 1e-12);
    }

    @Test
    void cosinePerIterationAndPerEpoch() {
        LearningRateSchedule cosine = LearningRateSchedule.named("cosine", 0.1, 10, 4, 0.9);
        assertEquals(0.05 * (1 + Math.cos(Math.PI / 40)), cosine.rate(1), 1e-12);
        assertEquals(0.05, cosine.rate(20), 1e-12);
        assertEquals(0.0, cosine.rate(40), 1e-12);
        LearningRateSchedule epoch = LearningRateSchedule.named("cosine_epoch", 0.1, 10, 4, 0.9);
        assertEquals(0.1, epoch.rate(1), 1e-12);
        assertEquals(0.1, epoch.rate(10), 1e-12);
        assertEquals(0.05 * (1 + Math.cos(Math.PI / 4)), epoch.rate(11), 1e-12);
        assertEquals(0.05 * (1 + Math.cos(3 * Math.PI / 4)), epoch.rate(40), 1e-12);
    }

    @Test
    void headParametersGetTheFactor() {
        ScheduledLearningRate rate =
                new ScheduledLearningRate(
                        LearningRateSchedule.poly(0.01, 100, 0.9), Set.of("head"), 10);
        rate.setIteration(50);
        double base = 0.01 * Math.pow(0.5, 0.9);
        assertEquals(base, rate.getNewValue("backbone", 7), 1e-7);
        assertEquals(10 * base, rate.getNewValue("head", 7), 1e-6);
    }
}
