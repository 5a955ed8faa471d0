package io.ringflow.api.codec;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatchers;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and writes a record whose components are all primitives with plain calls: one class is
 * generated per record type, so the JIT inlines accessors, buffer writes and the constructor
 * instead of calling a method handle per component and boxing every value on decode. The layout
 * is {@link RecordCodec}'s, byte for byte. Engine internals: public only because the generated
 * class lives beside the record, in its package and class loader.
 */
public abstract class PrimitiveRecordAccess {
    /** Writes every component at its fixed offset from {@code offset}; the caller checked the capacity. */
    public abstract void write(Object record, MutableDirectBuffer buffer, int offset);

    /** A new record of the components at their offsets from {@code offset}. */
    public abstract Object read(DirectBuffer buffer, int offset);

    private static final ClassValue<PrimitiveRecordAccess> GENERATED = new ClassValue<>() {
        @Override
        protected PrimitiveRecordAccess computeValue(final Class<?> type) {
            return generate(type);
        }
    };

    /** The access of {@code type}, generated once per class (a class can be defined only once), or null. */
    static PrimitiveRecordAccess of(final Class<?> type) {
        return GENERATED.get(type);
    }

    /**
     * The generated access for {@code type}, or null when it does not apply (a component that is
     * not a primitive) or cannot be defined beside the record (a module that does not open its
     * package): the codec then uses its method handles.
     */
    private static PrimitiveRecordAccess generate(final Class<?> type) {
        final RecordComponent[] components = type.getRecordComponents();
        if (components == null || components.length == 0) {
            return null;
        }
        for (final RecordComponent component : components) {
            if (!component.getType().isPrimitive()) {
                return null;
            }
        }
        try {
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            final byte[] bytes = new ByteBuddy(ClassFileVersion.JAVA_V17)
                .subclass(PrimitiveRecordAccess.class)
                .name(type.getName() + "$$RingflowAccess")
                .modifiers(Modifier.PUBLIC | Modifier.FINAL)
                .method(ElementMatchers.named("write")).intercept(new Implementation.Simple(new Write(type, components)))
                .method(ElementMatchers.named("read")).intercept(new Implementation.Simple(new Read(type, components)))
                .make()
                .getBytes();
            // a hidden nestmate of the record: it may call a private record's constructor and accessors
            final Class<?> generated = lookup.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE)
                .lookupClass();
            final PrimitiveRecordAccess access = (PrimitiveRecordAccess)generated.getDeclaredConstructor().newInstance();
            probe(access, type);
            return access;
        } catch (final ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Links the generated calls now: an access error surfaces here, not on the first record. */
    private static void probe(final PrimitiveRecordAccess access, final Class<?> type) {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        final Object record;
        try {
            record = access.read(buffer, 0);
        } catch (final RuntimeException constructorRefusedZeros) {
            return; // linked; the record's own constructor checks its values
        }
        access.write(record, buffer, 0);
    }

    private static final String BYTE_ORDER = Type.getInternalName(java.nio.ByteOrder.class);
    private static final String ORDER_DESCRIPTOR = Type.getDescriptor(java.nio.ByteOrder.class);
    private static final String MUTABLE_BUFFER = Type.getInternalName(MutableDirectBuffer.class);
    private static final String BUFFER = Type.getInternalName(DirectBuffer.class);

    /** Width in the slot of a primitive, as the boxed primitive codecs write it. */
    private static int width(final Class<?> primitive) {
        if (primitive == long.class || primitive == double.class) {
            return 8;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        if (primitive == short.class || primitive == char.class) {
            return 2;
        }
        return 1; // byte, boolean
    }

    private static void littleEndian(final MethodVisitor code) {
        code.visitFieldInsn(Opcodes.GETSTATIC, BYTE_ORDER, "LITTLE_ENDIAN", ORDER_DESCRIPTOR);
    }

    private static void index(final MethodVisitor code, final int offsetSlot, final int offset) {
        code.visitVarInsn(Opcodes.ILOAD, offsetSlot);
        code.visitLdcInsn(offset);
        code.visitInsn(Opcodes.IADD);
    }

    /** {@code write(record, buffer, offset)}: locals 1 record, 2 buffer, 3 offset, 4 the cast record. */
    private record Write(Class<?> type, RecordComponent[] components) implements ByteCodeAppender {
        @Override
        public Size apply(final MethodVisitor code, final Implementation.Context context, final MethodDescription method) {
            final String owner = Type.getInternalName(type);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitTypeInsn(Opcodes.CHECKCAST, owner);
            code.visitVarInsn(Opcodes.ASTORE, 4);
            int offset = 0;
            for (final RecordComponent component : components) {
                final Class<?> primitive = component.getType();
                code.visitVarInsn(Opcodes.ALOAD, 2);
                index(code, 3, offset);
                code.visitVarInsn(Opcodes.ALOAD, 4);
                code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, component.getAccessor().getName(),
                    Type.getMethodDescriptor(component.getAccessor()), false);
                if (primitive == long.class) {
                    littleEndian(code);
                    putter(code, "putLong", "(IJ" + ORDER_DESCRIPTOR + ")V");
                } else if (primitive == double.class) {
                    code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                    littleEndian(code);
                    putter(code, "putLong", "(IJ" + ORDER_DESCRIPTOR + ")V");
                } else if (primitive == int.class) {
                    littleEndian(code);
                    putter(code, "putInt", "(II" + ORDER_DESCRIPTOR + ")V");
                } else if (primitive == float.class) {
                    code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                    littleEndian(code);
                    putter(code, "putInt", "(II" + ORDER_DESCRIPTOR + ")V");
                } else if (primitive == short.class) {
                    littleEndian(code);
                    putter(code, "putShort", "(IS" + ORDER_DESCRIPTOR + ")V");
                } else if (primitive == char.class) {
                    littleEndian(code);
                    putter(code, "putChar", "(IC" + ORDER_DESCRIPTOR + ")V");
                } else { // byte, and boolean as 0 or 1
                    putter(code, "putByte", "(IB)V");
                }
                offset += width(primitive);
            }
            code.visitInsn(Opcodes.RETURN);
            return new Size(8, 5);
        }

        private static void putter(final MethodVisitor code, final String name, final String descriptor) {
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, MUTABLE_BUFFER, name, descriptor, true);
        }
    }

    /** {@code read(buffer, offset)}: locals 1 buffer, 2 offset; the components go straight into the constructor. */
    private record Read(Class<?> type, RecordComponent[] components) implements ByteCodeAppender {
        @Override
        public Size apply(final MethodVisitor code, final Implementation.Context context, final MethodDescription method) {
            final String owner = Type.getInternalName(type);
            code.visitTypeInsn(Opcodes.NEW, owner);
            code.visitInsn(Opcodes.DUP);
            final StringBuilder constructor = new StringBuilder("(");
            int offset = 0;
            int stack = 2;
            for (final RecordComponent component : components) {
                final Class<?> primitive = component.getType();
                code.visitVarInsn(Opcodes.ALOAD, 1);
                index(code, 2, offset);
                if (primitive == long.class) {
                    littleEndian(code);
                    getter(code, "getLong", "(I" + ORDER_DESCRIPTOR + ")J");
                } else if (primitive == double.class) {
                    littleEndian(code);
                    getter(code, "getLong", "(I" + ORDER_DESCRIPTOR + ")J");
                    code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
                } else if (primitive == int.class) {
                    littleEndian(code);
                    getter(code, "getInt", "(I" + ORDER_DESCRIPTOR + ")I");
                } else if (primitive == float.class) {
                    littleEndian(code);
                    getter(code, "getInt", "(I" + ORDER_DESCRIPTOR + ")I");
                    code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
                } else if (primitive == short.class) {
                    littleEndian(code);
                    getter(code, "getShort", "(I" + ORDER_DESCRIPTOR + ")S");
                } else if (primitive == char.class) {
                    littleEndian(code);
                    getter(code, "getChar", "(I" + ORDER_DESCRIPTOR + ")C");
                } else if (primitive == boolean.class) {
                    // any non-zero byte is true, without a branch: (b | -b) >>> 31
                    getter(code, "getByte", "(I)B");
                    code.visitInsn(Opcodes.DUP);
                    code.visitInsn(Opcodes.INEG);
                    code.visitInsn(Opcodes.IOR);
                    code.visitLdcInsn(31);
                    code.visitInsn(Opcodes.IUSHR);
                } else {
                    getter(code, "getByte", "(I)B");
                }
                constructor.append(Type.getDescriptor(primitive));
                stack += primitive == long.class || primitive == double.class ? 2 : 1;
                offset += width(primitive);
            }
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", constructor.append(")V").toString(), false);
            code.visitInsn(Opcodes.ARETURN);
            return new Size(stack + 4, 3);
        }

        private static void getter(final MethodVisitor code, final String name, final String descriptor) {
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, BUFFER, name, descriptor, true);
        }
    }
}
