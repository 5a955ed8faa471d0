package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Gives every parallel subtask its own copy of a user function (a serialization round trip, as
 * Flink does), so fields a function sets in open() are never shared between threads, and every
 * subtask of a restarted attempt starts from the function as the user built it, never from one a
 * failed attempt changed. Subtask 0 of the first attempt keeps the instance the user passed.
 */
public final class FunctionCopier {
    private FunctionCopier() {
    }

    /**
     * Serializes {@code function} now, while it is as the user built it. A function that cannot be
     * serialized is reported when a copy is first needed (a second subtask or a restart), as before.
     */
    public static <F> Built<F> asBuilt(F function, String operator) {
        try {
            return new Built<>(function, operator, serialize(function), null);
        } catch (IOException e) {
            return new Built<>(function, operator, null, e);
        }
    }

    /** A copy of {@code function}, always (a serialization round trip). */
    public static <F> F copy(F function, String operator) {
        try {
            return deserialize(serialize(function), function, operator);
        } catch (IOException e) {
            throw copyFailure(operator, e, function);
        }
    }

    /** A user function and its bytes as built. */
    public static final class Built<F> {
        private final F function;
        private final String operator;
        private final byte[] bytes;
        private final IOException notSerializable;

        private Built(F function, String operator, byte[] bytes, IOException notSerializable) {
            this.function = function;
            this.operator = operator;
            this.bytes = bytes;
            this.notSerializable = notSerializable;
        }

        /** Why no copy can be made, or null. */
        public String notCopyable() {
            return bytes == null ? copyFailure(operator, notSerializable, function).getMessage() : null;
        }

        /** The user's instance for subtask 0 of the first attempt; a new copy as built for every other. */
        public F forSubtask(int subtaskIndex, int attempt) {
            if (subtaskIndex == 0 && attempt == 0) {
                return function;
            }
            if (bytes == null) {
                throw copyFailure(operator, notSerializable, function);
            }
            return deserialize(bytes, function, operator);
        }
    }

    private static byte[] serialize(Object function) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(function);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <F> F deserialize(byte[] bytes, F original, String operator) {
        ClassLoader loader = original.getClass().getClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (F) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw copyFailure(operator, e, original);
        }
    }

    private static InvalidJobException copyFailure(String operator, Exception cause, Object function) {
        return new InvalidJobException("the function of operator '" + operator + "' cannot be copied for its parallel "
            + "subtasks or a restart (" + cause + "); " + advice(cause, function)
            + ", or run the operator with parallelism 1 and no restart strategy", cause);
    }

    /** The usual cause named: an anonymous class's enclosing instance. */
    private static String advice(Exception cause, Object function) {
        String culprit = cause instanceof NotSerializableException ? cause.getMessage() : null;
        Class<?> enclosing = function.getClass().getEnclosingClass();
        if (culprit != null && enclosing != null && culprit.equals(enclosing.getName())
            && !java.lang.reflect.Modifier.isStatic(function.getClass().getModifiers())) {
            return "it is an anonymous or inner class of " + enclosing.getName() + " and so holds that enclosing"
                + " instance, which is not serializable (Flink's closure cleaner drops an unused one; this engine does"
                + " not): make the function a lambda or a static nested or top-level class, or make "
                + enclosing.getSimpleName() + " Serializable";
        }
        return "make the fields it captures serializable or mark them transient and set them in open()";
    }
}
