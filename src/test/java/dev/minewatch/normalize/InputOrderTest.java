package dev.minewatch.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputOrderTest {

    @Test
    void aLaterInputsMessagesWaitForTheEarlierOnesAndTheEarliestInputsComeOutAtOnce() {
        List<String> out = new ArrayList<>();
        InputOrder order = new InputOrder();
        InputOrder.Part a = order.open();
        InputOrder.Part b = order.open();
        InputOrder.Part c = order.open();
        InputOrder.Part d = order.open();
        c.add(() -> out.add("c1"));
        b.add(() -> out.add("b1"));
        a.add(() -> out.add("a1"));
        assertEquals(List.of("a1"), out);
        c.add(() -> out.add("c2"));
        c.close();
        d.add(() -> out.add("d1"));
        b.close();
        assertEquals(List.of("a1"), out);
        a.add(() -> out.add("a2"));
        a.close();
        assertEquals(List.of("a1", "a2", "b1", "c1", "c2", "d1"), out);
        d.add(() -> out.add("d2")); // the earliest open now: at once
        assertEquals(List.of("a1", "a2", "b1", "c1", "c2", "d1", "d2"), out);
        InputOrder.Part e = order.open();
        e.add(() -> out.add("e1"));
        d.close();
        e.close();
        InputOrder.Part f = order.open();
        f.add(() -> out.add("f1"));
        assertEquals(List.of("a1", "a2", "b1", "c1", "c2", "d1", "d2", "e1", "f1"), out);
    }
}
