package io.ringflow.storage.metadata;

import io.ringflow.storage.CorruptCheckpointException;

/** Source positions in metadata as {@code 0x}-prefixed hex, so a person can read them; {@code none} for null. */
final class Hex {
    static final String NONE = "none";

    private Hex() {
    }

    static String encode(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        StringBuilder sb = new StringBuilder(2 + bytes.length * 2).append("0x");
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    static byte[] decode(String text, String source) {
        if (text == null || text.equals(NONE)) {
            return null;
        }
        if (!text.startsWith("0x") || text.length() % 2 != 0) {
            throw new CorruptCheckpointException(source + ": invalid source position '" + text + "'");
        }
        byte[] bytes = new byte[(text.length() - 2) / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(text.charAt(2 + 2 * i), 16);
            int lo = Character.digit(text.charAt(3 + 2 * i), 16);
            if (hi < 0 || lo < 0) {
                throw new CorruptCheckpointException(source + ": invalid source position '" + text + "'");
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return bytes;
    }
}
