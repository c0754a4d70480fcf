package dev.ferry.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Setting fields by offset keeps Field.set's rules: the wrong type is refused, never stored. */
class FieldAccessTest {
    private static FieldAccess access(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return new FieldAccess(f);
    }

    @Test
    void aReferenceOfTheWrongType_isRefused() throws Exception {
        ArrayList<Object> list = new ArrayList<>();
        FieldAccess elements = access(ArrayList.class, "elementData");
        assertThrows(IllegalArgumentException.class, () -> elements.setReference(list, "not an Object[]"));
        Object[] array = {1, 2};
        elements.setReference(list, array);
        assertSame(array, elements.getReference(list));
    }

    @Test
    void primitives_goStraightIn_orThroughFieldSetWhenTheTypesDiffer() throws Exception {
        ArrayList<Object> list = new ArrayList<>();
        FieldAccess size = access(ArrayList.class, "size");
        TableOut out = new TableOut();
        out.writeStopBit(7);
        out.writeByte(5);
        out.writeStopBit(1);
        byte[] bytes = new byte[(int) out.position()];
        out.copyTo(0, bytes, 0, bytes.length);
        TableIn in = new TableIn(bytes, 0);
        size.setPrimitive(list, 'i', in);
        assertEquals(7, list.size());
        size.setPrimitive(list, 'b', in); // a byte widens into an int, as Field.set allows
        assertEquals(5, list.size());
        assertThrows(IllegalArgumentException.class, () -> size.setPrimitive(list, 'z', in)); // a boolean does not
        assertThrows(IllegalArgumentException.class, () -> size.setReference(list, "7"));
        FieldAccess value = access(AbstractMap.SimpleEntry.class, "value");
        AbstractMap.SimpleEntry<String, Object> entry = new AbstractMap.SimpleEntry<>("k", null);
        TableIn boxed = new TableIn(new byte[] {42}, 0);
        value.setPrimitive(entry, 'i', boxed); // into an Object field: boxed
        assertEquals(42, entry.getValue());
    }
}
