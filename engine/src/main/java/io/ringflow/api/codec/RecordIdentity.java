package io.ringflow.api.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A record's {@link Codec#identity()} read back: its class name and its components' names and
 * identities, in the order they were written. Nested records are left as identity strings.
 *
 * @param className  the record class's binary name
 * @param components the components in written order
 */
record RecordIdentity(String className, List<Component> components) {
    static final String PREFIX = "record ";
    static final String SEPARATOR = ", ";

    /** One component as written: its name and the identity of its layout. */
    record Component(String name, String identity) {
    }

    /** The parsed identity, or null when {@code identity} does not describe a record. */
    static RecordIdentity parse(String identity) {
        int open = identity.indexOf('(');
        if (!identity.startsWith(PREFIX) || open < 0 || !identity.endsWith(")")) {
            return null;
        }
        List<Component> components = new ArrayList<>();
        String body = identity.substring(open + 1, identity.length() - 1);
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            char c = i < body.length() ? body.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                if (i > start) {
                    Component component = component(body.substring(start, i).trim());
                    if (component == null) {
                        return null;
                    }
                    components.add(component);
                }
                start = i + 1;
            }
        }
        return new RecordIdentity(identity.substring(PREFIX.length(), open), components);
    }

    private static Component component(String text) {
        int colon = text.indexOf(':');
        return colon <= 0 ? null : new Component(text.substring(0, colon), text.substring(colon + 1));
    }
}
