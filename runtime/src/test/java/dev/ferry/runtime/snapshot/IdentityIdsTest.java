package dev.ferry.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityIdsTest {
    @Test
    void idOrAdd_givesEachInstanceOneId_equalStringsOrNot_throughGrowth() {
        List<Object> objects = new ArrayList<>();
        List<Object> byId = new ArrayList<>();
        IdentityIds ids = new IdentityIds(byId);
        for (int i = 0; i < 50_000; i++) {
            objects.add(new String("text" + (i % 1000))); // 50 instances of each text
            objects.add(new Object());
        }
        objects.addAll(collidingStrings(12)); // 4,096 texts of one hash
        objects.addAll(collidingStrings(12)); // and a second instance of each
        for (int id = 0; id < objects.size(); id++) {
            assertEquals(-1, ids.idOrAdd(objects.get(id), id), "new object #" + id);
            byId.add(objects.get(id));
        }
        for (int id = 0; id < objects.size(); id++) {
            assertEquals(id, ids.idOrAdd(objects.get(id), -7), "object #" + id + " again");
        }
    }

    /** 2^n different strings with the same hashCode ("Aa" and "BB" hash alike). */
    private static List<String> collidingStrings(int n) {
        List<String> out = new ArrayList<>();
        for (int bits = 0; bits < 1 << n; bits++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append((bits >> k & 1) == 0 ? "Aa" : "BB");
            }
            out.add(b.toString());
        }
        assertEquals(1, out.stream().mapToInt(String::hashCode).distinct().count());
        return out;
    }
}
