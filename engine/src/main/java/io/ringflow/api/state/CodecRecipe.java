package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;

import java.io.NotSerializableException;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * How a state descriptor's codec crosses a serialization round trip (a function keeping its
 * descriptor in a field, or capturing one, as Flink's broadcast state pattern does, is copied per
 * subtask): a serializable codec as itself, one of {@link Codecs}' constants by its name, one that
 * {@link Codecs#forClass} makes (the same identity) by its class. Any other has no recipe: the
 * copy fails naming the state and the fix.
 */
sealed interface CodecRecipe extends Serializable {
    Codec<?> codec();

    static CodecRecipe of(Codec<?> codec, String state) throws NotSerializableException {
        if (codec instanceof Serializable) {
            return new Itself(codec);
        }
        String constant = constantName(codec);
        if (constant != null) {
            return new Constant(constant);
        }
        if (sameAsForClass(codec)) {
            return new ForClass(codec.type());
        }
        throw new NotSerializableException("state '" + state + "': its codec " + codec.identity()
            + " cannot be copied (not Serializable, not one of Codecs' constants, not the codec Codecs.forClass makes);"
            + " make the codec Serializable, or create the descriptor in open()");
    }

    private static String constantName(Codec<?> codec) {
        for (Field field : Codecs.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Codec.class.isAssignableFrom(field.getType())) {
                try {
                    if (field.get(null) == codec) {
                        return field.getName();
                    }
                } catch (IllegalAccessException e) {
                    continue;
                }
            }
        }
        return null;
    }

    private static boolean sameAsForClass(Codec<?> codec) {
        try {
            return Codecs.forClass(codec.type()).identity().equals(codec.identity());
        } catch (RuntimeException noCodec) {
            return false;
        }
    }

    /** A codec that is Serializable itself. */
    record Itself(Codec<?> codec) implements CodecRecipe {
    }

    /** {@code Codecs.NAME}. */
    record Constant(String name) implements CodecRecipe {
        @Override
        public Codec<?> codec() {
            try {
                return (Codec<?>) Codecs.class.getField(name).get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no codec Codecs." + name + " in this version", e);
            }
        }
    }

    /** {@code Codecs.forClass(type)}. */
    record ForClass(Class<?> type) implements CodecRecipe {
        @Override
        public Codec<?> codec() {
            return Codecs.forClass(type);
        }
    }
}
