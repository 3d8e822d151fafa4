package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TemperatureScheduleTest {

    @Test
    void fallsExponentiallyFromStartToEnd() {
        TemperatureSchedule schedule = new TemperatureSchedule(1f, 0.001f, 0, 10);
        assertEquals(1f, schedule.temperature(0), 0f);
        assertEquals(0.0316227766f, schedule.temperature(5), 1e-7f);
        assertEquals(0.001f, schedule.temperature(10), 1e-9f);
        assertEquals(0.001f, schedule.temperature(25), 1e-9f);
    }

    @Test
    void holdsTheInitialTemperatureUntilTheStartingEpoch() {
        TemperatureSchedule schedule = new TemperatureSchedule(2f, 0.002f, 4, 8);
        assertEquals(2f, schedule.temperature(0), 0f);
        assertEquals(2f, schedule.temperature(4), 0f);
        // midpoint: sqrt(2 * 0.002)
        assertEquals((float) Math.sqrt(0.004), schedule.temperature(6), 1e-7f);
        assertEquals(0.002f, schedule.temperature(8), 1e-9f);
    }

    @Test
    void rejectsImpossibleSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new TemperatureSchedule(0f, 1f, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TemperatureSchedule(1f, -1f, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TemperatureSchedule(1f, .1f, 3, 3));
    }
}
