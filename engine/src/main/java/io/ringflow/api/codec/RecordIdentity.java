package io.ringflow.api.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A record's or POJO's {@link Codec#identity()} read back: its class name and its components'
 * names and identities, in the order they were written. Nested types are left as identity strings.
 *
 * @param className  the record class's binary name
 * @param components the components in written order
 */
record RecordIdentity(String className, List<Component> components) {
    static final String PREFIX = "record ";
    static final String POJO_PREFIX = "pojo ";
    static final String SEPARATOR = ", ";

    /** One component as written: its name and the identity of its layout. */
    record Component(String name, String identity) {
    }

    /** The parsed identity, or null when {@code identity} does not describe a record or POJO. */
    static RecordIdentity parse(String identity) {
        int open = identity.indexOf('(');
        String prefix = identity.startsWith(PREFIX) ? PREFIX : identity.startsWith(POJO_PREFIX) ? POJO_PREFIX : null;
        if (prefix == null || open < 0 || !identity.endsWith(")")) {
            return null;
        }
        List<Component> components = new ArrayList<>();
        for (String part : splitTopLevel(identity.substring(open + 1, identity.length() - 1))) {
            Component component = component(part);
            if (component == null) {
                return null;
            }
            components.add(component);
        }
        return new RecordIdentity(identity.substring(prefix.length(), open), components);
    }

    /** The comma-separated parts of {@code body} outside any parentheses or angle brackets, trimmed. */
    static List<String> splitTopLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            char c = i < body.length() ? body.charAt(i) : ',';
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                if (i > start) {
                    parts.add(body.substring(start, i).trim());
                }
                start = i + 1;
            }
        }
        return parts;
    }

    private static Component component(String text) {
        int colon = text.indexOf(':');
        return colon <= 0 ? null : new Component(text.substring(0, colon), text.substring(colon + 1));
    }
}
