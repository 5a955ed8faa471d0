package io.ringflow.state;

/** The error for restored state whose values the newly requested codec cannot read. */
final class StateCompatibility {
    private StateCompatibility() {
    }

    /**
     * @param what        "keyed state" or "operator state"
     * @param operatorUid the restoring operator, or null when unknown (a backend used on its own)
     * @param reason      why the old values cannot be read as the new type
     */
    static IllegalStateException mismatch(String what, String name, String operatorUid, Object oldType,
                                          Object newType, String reason) {
        String operator = operatorUid == null ? "an operator whose uid is unknown" : "operator '" + operatorUid + "'";
        return new IllegalStateException(what + " '" + name + "' of " + operator + " was checkpointed as " + oldType
            + " and is now requested as " + newType + ": " + reason + ". Restore it with its old type, or migrate it: "
            + "read it with the old type and write the values into a state of the new type under another name. "
            + "To drop its values instead, give the state another name (it starts empty), or give the operator a new "
            + "uid and allow dropping the old uid's state with StreamEnvironment.setAllowNonRestoredState(true)");
    }
}
