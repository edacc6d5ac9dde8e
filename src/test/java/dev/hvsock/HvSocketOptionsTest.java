package dev.hvsock;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.SocketOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HvSocketOptionsTest {
    @Test
    void everyOptionIsNamedAsItsField() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : HvSocketOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && SocketOption.class.isAssignableFrom(field.getType())) {
                SocketOption<?> option = (SocketOption<?>) field.get(null);
                assertEquals(field.getName(), option.name());
                assertEquals(field.getName(), option.toString());
                names.add(option.name());
            }
        }
        assertTrue(names.contains("CONNECT_TIMEOUT") && names.size() == 7, names.toString());
    }
}
