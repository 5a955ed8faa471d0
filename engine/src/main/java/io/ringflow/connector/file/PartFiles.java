package io.ringflow.connector.file;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file sink's transaction: the part files it wrote (each an in-progress name and the name it is
 * committed under, relative to the base path) and, while it is open, the part file being written
 * per bucket. Only the names go into checkpoints.
 */
final class PartFiles {
    final List<String> inProgress = new ArrayList<>();
    final List<String> committed = new ArrayList<>();
    final Map<String, OpenPart> open = new HashMap<>(); // never in a checkpoint: the codec writes the names only

    void add(String inProgressName, String committedName) {
        inProgress.add(inProgressName);
        committed.add(committedName);
    }

    /** A part file being written: counted, buffered, forced at the checkpoint when the job asks for it. */
    static final class OpenPart extends OutputStream {
        final FileOutputStream file;
        private final BufferedOutputStream out;
        final long openedAtMs;
        long lastWriteMs;
        long size;

        OpenPart(FileOutputStream file, long nowMs) {
            this.file = file;
            this.out = new BufferedOutputStream(file, 64 * 1024);
            this.openedAtMs = nowMs;
            this.lastWriteMs = nowMs;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            size += length;
        }

        /** Flushed, forced when asked, and closed: the pre-commit of its transaction. */
        void finish(boolean force) throws IOException {
            out.flush();
            if (force) {
                file.getFD().sync();
            }
            out.close();
        }
    }

    /** The names, as a list of strings: in-progress and committed name by turns. */
    static final class NamesCodec implements Codec<PartFiles> {
        private static final Codec<List<String>> NAMES = Codecs.listOf(Codecs.STRING);

        @Override
        public int encode(PartFiles files, MutableDirectBuffer buffer, int offset, int capacity) {
            List<String> names = new ArrayList<>(2 * files.inProgress.size());
            for (int i = 0; i < files.inProgress.size(); i++) {
                names.add(files.inProgress.get(i));
                names.add(files.committed.get(i));
            }
            return NAMES.encode(names, buffer, offset, capacity);
        }

        @Override
        public PartFiles decode(DirectBuffer buffer, int offset, int length) {
            List<String> names = NAMES.decode(buffer, offset, length);
            PartFiles files = new PartFiles();
            for (int i = 0; i + 1 < names.size(); i += 2) {
                files.add(names.get(i), names.get(i + 1));
            }
            return files;
        }

        @Override
        public Class<?> type() {
            return PartFiles.class;
        }

        @Override
        public PartFiles copy(PartFiles files) {
            PartFiles copy = new PartFiles();
            for (int i = 0; i < files.inProgress.size(); i++) {
                copy.add(files.inProgress.get(i), files.committed.get(i));
            }
            return copy;
        }

        @Override
        public String identity() {
            return "io.ringflow.connector.file.PartFiles(names:" + NAMES.identity() + ")";
        }
    }
}
