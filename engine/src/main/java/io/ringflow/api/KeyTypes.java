package io.ringflow.api;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;

/**
 * Refuses key types whose {@code hashCode()} differs between processes: a key's key group is its
 * hash, written into every checkpoint, so such a key is found in another group after a restore
 * in a new process (its state and timers lost or refused) or even between two records of one run.
 * Flink refuses the same types at {@code keyBy}.
 */
final class KeyTypes {
    private KeyTypes() {
    }

    static void checkHashable(Class<?> keyType, String where) {
        String problem = unstableHash(keyType, keyType.getName());
        if (problem != null) {
            throw new InvalidJobException("the keys of " + where + " cannot find their key group: " + problem
                + ". Key by a value whose hashCode() is the same in every process: a String, a number, a record of"
                + " those, or a class that overrides hashCode() and equals() from its fields (an enum by name() or ordinal())");
        }
    }

    /** Why {@code type}'s hash is not the same in every process, or null. */
    private static String unstableHash(Class<?> type, String path) {
        if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
            return path + " is an enum, whose hashCode() is its identity, different in every process";
        }
        if (type.isArray()) {
            return path + " is an array, whose hashCode() is its identity, different for every array";
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                String problem = unstableHash(component.getType(), path + "." + component.getName());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type == Object.class || type.isPrimitive()) {
            return null; // the classes of the keys are not known here
        }
        try {
            if (type.getMethod("hashCode").getDeclaringClass() == Object.class) {
                return path + " does not override hashCode(), so its hash is its identity, different for every instance";
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError("every class has hashCode()", e);
        }
        return null;
    }
}
