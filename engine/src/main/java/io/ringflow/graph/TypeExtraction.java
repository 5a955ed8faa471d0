package io.ringflow.graph;

import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.ringflow.api.functions.FlatMapFunction;

/**
 * Finds the concrete class behind a type argument of a user function, so that a stream can pick
 * its codec without {@code .returns(Codec)}.
 *
 * <p>A lambda or method reference is read through its {@link SerializedLambda} (every user
 * function is {@code Serializable}): the target type the compiler instantiated and the
 * implementation method it calls. An anonymous or named class is read from its generic
 * supertypes. Whenever the answer would be {@code Object} or a type variable, the type cannot be
 * known and the methods return null.
 */
public final class TypeExtraction {
    private TypeExtraction() {
    }

    /**
     * The class of type argument {@code index} of {@code functionalInterface} as {@code function}
     * implements it, e.g. {@code typeArgument(fn, MapFunction.class, 1)} for a map's output.
     *
     * @return the class, boxed if primitive and raw if parameterized, or null when unknown
     * @throws IllegalArgumentException if {@code function} does not implement the interface or
     *                                  the interface has no type argument at {@code index}
     */
    public static Class<?> typeArgument(final Object function, final Class<?> functionalInterface, final int index) {
        final TypeVariable<?>[] variables = functionalInterface.getTypeParameters();
        if (index < 0 || index >= variables.length || !functionalInterface.isInstance(function)) {
            throw new IllegalArgumentException(function.getClass().getName() + " does not implement "
                + functionalInterface.getName() + " with a type argument at index " + index);
        }
        final SerializedLambda lambda = serializedLambda(function);
        if (lambda != null) {
            return lambdaArgument(lambda, function.getClass().getClassLoader(), functionalInterface, variables[index]);
        }
        return known(supertypeArgument(function.getClass(), functionalInterface, index, new HashMap<>()));
    }

    /**
     * The output type {@code R} of a flat map, read from the {@code Collector<R>} parameter of a
     * method it refers to. Lambda bodies erase that parameter, so for them this is usually null.
     */
    public static Class<?> flatMapOutput(final FlatMapFunction<?, ?> function) {
        return typeArgument(function, FlatMapFunction.class, 1);
    }

    /** The {@link SerializedLambda} of a serializable lambda or method reference, or null for anything else. */
    public static SerializedLambda serializedLambda(final Object function) {
        final Class<?> type = function.getClass();
        if (!type.isSynthetic() && !type.isHidden()) {
            return null;
        }
        try {
            final Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            final Object replacement = writeReplace.invoke(function);
            return replacement instanceof SerializedLambda ? (SerializedLambda)replacement : null;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            // Not serializable, or its module does not open it to us: the type cannot be known.
            return null;
        }
    }

    /**
     * Finds where {@code variable} stands in the interface method and reads that place from both
     * the instantiated target type and the implementation method, keeping the more specific.
     */
    private static Class<?> lambdaArgument(final SerializedLambda lambda, final ClassLoader loader,
        final Class<?> functionalInterface, final TypeVariable<?> variable) {
        try {
            final Method sam = functionalMethod(functionalInterface, lambda);
            if (sam == null) {
                return null;
            }
            final MethodType instantiated = MethodType.fromMethodDescriptorString(lambda.getInstantiatedMethodType(), loader);
            final Executable impl = implementation(lambda, loader);
            Class<?> found = null;
            if (sam.getGenericReturnType().equals(variable)) {
                final Type implReturn = impl == null ? null
                    : impl instanceof Method ? ((Method)impl).getGenericReturnType() : impl.getDeclaringClass();
                found = moreSpecific(instantiated.returnType(), implReturn);
            }
            // The variable may stand in several places (T reduce(T, T)); the first that is known wins.
            final Type[] samParameters = sam.getGenericParameterTypes();
            for (int j = 0; found == null && j < samParameters.length; j++) {
                final Type implParameter = implArgument(lambda, impl, lambda.getCapturedArgCount() + j);
                if (samParameters[j].equals(variable)) {
                    found = moreSpecific(instantiated.parameterType(j), implParameter);
                } else if (implParameter != null) {
                    final Type nested = match(samParameters[j], implParameter, variable);
                    found = nested == null ? null : known(nested);
                }
            }
            return found;
        } catch (final ReflectiveOperationException | RuntimeException | LinkageError e) {
            // A class the lambda names is missing or hidden from us: the type cannot be known.
            return null;
        }
    }

    private static Method functionalMethod(final Class<?> functionalInterface, final SerializedLambda lambda) {
        return find(functionalInterface.getDeclaredMethods(), lambda.getFunctionalInterfaceMethodName(),
            lambda.getFunctionalInterfaceMethodSignature());
    }

    /** The method or constructor the lambda calls, or null if it cannot be found. */
    private static Executable implementation(final SerializedLambda lambda, final ClassLoader loader)
        throws ClassNotFoundException {
        final Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
        final String signature = lambda.getImplMethodSignature();
        if (lambda.getImplMethodKind() == MethodHandleInfo.REF_newInvokeSpecial) {
            for (final Constructor<?> constructor : owner.getDeclaredConstructors()) {
                if (descriptor(void.class, constructor.getParameterTypes()).equals(signature)) {
                    return constructor;
                }
            }
            return null;
        }
        // Private lambda bodies are declared methods; inherited interface methods only show in getMethods().
        for (Class<?> type = owner; type != null; type = type.getSuperclass()) {
            final Method method = find(type.getDeclaredMethods(), lambda.getImplMethodName(), signature);
            if (method != null) {
                return method;
            }
        }
        return find(owner.getMethods(), lambda.getImplMethodName(), signature);
    }

    private static Method find(final Method[] methods, final String name, final String signature) {
        for (final Method method : methods) {
            if (method.getName().equals(name)
                && descriptor(method.getReturnType(), method.getParameterTypes()).equals(signature)) {
                return method;
            }
        }
        return null;
    }

    /**
     * Argument {@code position} of the implementation as the lambda calls it: captured values
     * first, and for an instance method the receiver before its parameters.
     */
    private static Type implArgument(final SerializedLambda lambda, final Executable impl, final int position) {
        if (impl == null) {
            return null;
        }
        final Type[] parameters = impl.getGenericParameterTypes();
        final int kind = lambda.getImplMethodKind();
        final boolean hasReceiver = kind != MethodHandleInfo.REF_invokeStatic && kind != MethodHandleInfo.REF_newInvokeSpecial;
        if (hasReceiver && position == 0) {
            return impl.getDeclaringClass();
        }
        final int index = hasReceiver ? position - 1 : position;
        return index < parameters.length ? parameters[index] : null;
    }

    /** The implementation's type if it is known and narrower than the instantiated one, else the latter. */
    private static Class<?> moreSpecific(final Class<?> instantiated, final Type implementation) {
        final Class<?> declared = known(instantiated);
        final Class<?> implemented = implementation == null ? null : known(implementation);
        if (implemented != null && (declared == null || declared.isAssignableFrom(implemented))) {
            return implemented;
        }
        return declared;
    }

    /** The part of {@code actual} that stands where {@code variable} stands in {@code pattern}. */
    private static Type match(final Type pattern, final Type actual, final TypeVariable<?> variable) {
        if (pattern.equals(variable)) {
            return actual;
        }
        if (pattern instanceof ParameterizedType p && actual instanceof ParameterizedType a
            && p.getRawType().equals(a.getRawType())) {
            final Type[] patternArguments = p.getActualTypeArguments();
            final Type[] actualArguments = a.getActualTypeArguments();
            for (int i = 0; i < patternArguments.length; i++) {
                final Type found = match(patternArguments[i], actualArguments[i], variable);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String descriptor(final Class<?> returnType, final Class<?>[] parameterTypes) {
        return MethodType.methodType(returnType, parameterTypes).toMethodDescriptorString();
    }

    /** Boxes primitives, erases parameterized types; null for Object, type variables and the like. */
    static Class<?> known(final Type type) {
        final Class<?> raw = type instanceof ParameterizedType
            ? (Class<?>)((ParameterizedType)type).getRawType()
            : type instanceof Class ? (Class<?>)type : null;
        if (raw == null || raw == Object.class || raw == void.class) {
            return null;
        }
        return raw.isPrimitive() ? MethodType.methodType(raw).wrap().returnType() : raw;
    }

    /** Walks the generic supertypes of {@code type}, binding type variables on the way down. */
    private static Type supertypeArgument(final Class<?> type, final Class<?> target, final int index,
        final Map<TypeVariable<?>, Type> bindings) {
        if (type == null) {
            return null;
        }
        final Type superclass = type.getGenericSuperclass();
        for (final Type candidate : concat(type.getGenericInterfaces(), superclass)) {
            final Class<?> raw = candidate instanceof ParameterizedType
                ? (Class<?>)((ParameterizedType)candidate).getRawType() : (Class<?>)candidate;
            if (raw == null || !target.isAssignableFrom(raw)) {
                continue;
            }
            if (!(candidate instanceof ParameterizedType)) {
                // A raw supertype: its own supertypes may still bind the argument.
                return raw == target ? null : supertypeArgument(raw, target, index, Map.of());
            }
            final Type[] arguments = ((ParameterizedType)candidate).getActualTypeArguments();
            if (raw == target) {
                return bind(arguments[index], bindings);
            }
            final TypeVariable<?>[] variables = raw.getTypeParameters();
            final Map<TypeVariable<?>, Type> inner = new HashMap<>();
            for (int i = 0; i < variables.length; i++) {
                inner.put(variables[i], bind(arguments[i], bindings));
            }
            return supertypeArgument(raw, target, index, inner);
        }
        return null;
    }

    private static Type bind(final Type type, final Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable && bindings.containsKey(type) ? bindings.get(type) : type;
    }

    private static Type[] concat(final Type[] interfaces, final Type superclass) {
        if (superclass == null) {
            return interfaces;
        }
        final Type[] all = Arrays.copyOf(interfaces, interfaces.length + 1);
        all[interfaces.length] = superclass;
        return all;
    }
}
