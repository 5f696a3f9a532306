package dev.duplex.fuzz;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures the memory an engine object holds on to between calls: the bytes of every primitive array reachable
 * through instance fields of objects whose class belongs to {@code dev.duplex.engine} (the listener, output
 * and other objects passed in from outside are not the engine's and are not followed). Found by reflection, so
 * it keeps working when fields are renamed or buffers are added.
 */
final class Retained {
    private static final String ENGINE_PACKAGE = "dev.duplex.engine";
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private Retained() {
    }

    /** The bytes held in primitive arrays reachable from {@code root} through engine objects. */
    static long bytes(Object root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        return walk(root, seen);
    }

    private static long walk(Object o, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return 0;
        }
        Class<?> type = o.getClass();
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            int length = Array.getLength(o);
            if (component.isPrimitive()) {
                return (long) length * primitiveSize(component);
            }
            long sum = 0;
            for (int i = 0; i < length; i++) {
                Object element = Array.get(o, i);
                if (element != null && isEngineOwned(element.getClass())) {
                    sum += walk(element, seen);
                }
            }
            return sum;
        }
        if (!isEngineOwned(type)) {
            return 0;
        }
        long sum = 0;
        for (Field f : fields(type)) {
            try {
                Object value = f.get(o);
                if (value != null && (value.getClass().isArray() || isEngineOwned(value.getClass()))) {
                    sum += walk(value, seen);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + f, e);
            }
        }
        return sum;
    }

    private static boolean isEngineOwned(Class<?> type) {
        return type.getName().startsWith(ENGINE_PACKAGE + ".") && !type.isEnum();
    }

    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> found = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        found.add(f);
                    }
                }
            }
            return found;
        });
    }

    private static int primitiveSize(Class<?> component) {
        if (component == byte.class || component == boolean.class) {
            return 1;
        }
        if (component == char.class || component == short.class) {
            return 2;
        }
        if (component == int.class || component == float.class) {
            return 4;
        }
        return 8;
    }
}
