package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class WaitingReplicasTest {

    private final ServiceKey key = new ServiceKey("web", "api");
    private final Map<Slot, String> map = new WaitingReplicas(key, new int[] {1, 4, 7},
            new String[] {"waiting for an offer", "restart back-off until 12:00:05", "waiting for an offer"});

    @Test
    void isTheMapOfEachWaitingSlotAndWhy() {
        Map<Slot, String> expected = new LinkedHashMap<>();
        expected.put(new Slot("web", "api", 1), "waiting for an offer");
        expected.put(new Slot("web", "api", 4), "restart back-off until 12:00:05");
        expected.put(new Slot("web", "api", 7), "waiting for an offer");

        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(map).containsExactlyEntriesOf(expected); // the entries in replica order
        assertThat(map.get(new Slot("web", "api", 4))).isEqualTo("restart back-off until 12:00:05");
        List<Slot> walked = new ArrayList<>();
        map.forEach((slot, why) -> walked.add(slot));
        assertThat(walked).containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void knowsNoSlotOfAnotherServiceNorAReplicaThatDoesNotWait() {
        assertThat(map.containsKey(new Slot("web", "api", 1))).isTrue();
        assertThat(map.containsKey(new Slot("web", "api", 0))).isFalse();
        assertThat(map.containsKey(new Slot("web", "api", 5))).isFalse();
        assertThat(map.containsKey(new Slot("web", "api", 8))).isFalse();
        assertThat(map.get(new Slot("web", "db", 1))).isNull();
        assertThat(map.get(new Slot("shop", "api", 1))).isNull();
        assertThat(map.get("web/api#1")).isNull();
    }

    @Test
    void cannotBeChanged() {
        assertThatThrownBy(() -> map.put(new Slot("web", "api", 2), "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove(new Slot("web", "api", 1))).isInstanceOf(UnsupportedOperationException.class);
        Iterator<Map.Entry<Slot, String>> it = map.entrySet().iterator();
        Map.Entry<Slot, String> first = it.next();
        assertThatThrownBy(() -> first.setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        it.next();
        it.next();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
}
