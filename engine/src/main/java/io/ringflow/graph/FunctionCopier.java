package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Gives every parallel subtask its own copy of a user function (a serialization round trip, as
 * Flink does), so fields a function sets in open() are never shared between threads, and a
 * restarted attempt starts from the function as the user built it. Subtask 0 of the first
 * attempt keeps the instance the user passed.
 */
public final class FunctionCopier {
    private FunctionCopier() {
    }

    @SuppressWarnings("unchecked")
    public static <F> F copyFor(F function, int subtaskIndex, int attempt, String operator) {
        if (subtaskIndex == 0 && attempt == 0) {
            return function;
        }
        return copy(function, operator);
    }

    /** A copy of {@code function}, always (a serialization round trip). */
    @SuppressWarnings("unchecked")
    public static <F> F copy(F function, String operator) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(function);
            }
            ClassLoader loader = function.getClass().getClassLoader();
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
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
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new InvalidJobException("the function of operator '" + operator + "' cannot be copied for its parallel "
                + "subtasks (" + e + "); make the fields it captures serializable or mark them transient and set "
                + "them in open(), or run the operator with parallelism 1", e);
        }
    }
}
