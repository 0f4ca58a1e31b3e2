package dev.minewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LaunchModelTest {

    @Test
    void fitsAnExponentialWithLocTheMinimumAndScaleTheMeanAboveIt() {
        LaunchModel m = LaunchModel.fit("u", 8, false, new long[] {2, 4, 6, 8}, 0.005);
        assertEquals(4, m.cardinality());
        assertEquals(2.0, m.loc());
        assertEquals(3.0, m.scale());
        assertEquals(2 + 3 * Math.log(200), m.upperThreshold(), 1e-12); // 17.895...
    }

    @Test
    void equalCountsGiveAThresholdAtThatCount() {
        LaunchModel m = LaunchModel.fit("u", 0, true, new long[] {3, 3, 3}, 0.005);
        assertEquals(0.0, m.scale());
        assertEquals(3.0, m.upperThreshold());
    }
}
