package dev.ferry.runtime.heap;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HashTablesTest {
    record Key(int n) {
    }

    static final class Plain {
    }

    private static String midIteration(Map<?, ?> map) {
        Iterator<?> it = map.keySet().iterator();
        it.next();
        return HashTables.unmovableIteration(List.of(map, it));
    }

    @Test
    void aMoveIsRefusedMidIterationOverKeysThatHashByIdentity() {
        Map<Object, Integer> plain = new HashMap<>(Map.of(new Plain(), 1, new Plain(), 2));
        assertNotNull(midIteration(plain));
        // an enum's hashCode is Enum's, final, and the identity hash: it changes in another JVM too
        Map<TimeUnit, Integer> enums = new HashMap<>(Map.of(TimeUnit.SECONDS, 1, TimeUnit.DAYS, 2));
        String why = midIteration(enums);
        assertNotNull(why);
        assertTrue(why.contains("java.util.concurrent.TimeUnit"), why);
    }

    @Test
    void aMoveMidIterationOverValueHashedKeysIsFine() {
        assertNull(midIteration(new HashMap<>(Map.of("a", 1, "b", 2))));
        assertNull(midIteration(new HashMap<>(Map.of(new Key(1), 1, new Key(2), 2))));
    }
}
