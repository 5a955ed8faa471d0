package io.ringflow.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The savepoint a job stopped with ({@code stopWithSavepoint}), noted in the job's checkpoint
 * directory before its sinks commit: that savepoint is newer than every checkpoint there, and a
 * restore of "latest" that took the newest checkpoint instead would write and commit the output
 * between the two again. One line, {@code <checkpoint id> <tab> <absolute directory>}.
 */
public record FinalSavepoint(long checkpointId, Path directory) {
    /** The file's name in the job's checkpoint directory. */
    public static final String FILE_NAME = "_final-savepoint";

    /** Notes the savepoint in {@code jobDir}: written aside, forced, renamed into place, directory forced. */
    static void write(Path jobDir, long checkpointId, Path savepoint) {
        Path target = jobDir.resolve(FILE_NAME);
        Path aside = jobDir.resolve(FILE_NAME + ".inprogress");
        byte[] line = (checkpointId + "\t" + savepoint.toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(jobDir);
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(aside.toFile(), "rw")) {
                file.setLength(0);
                file.write(line);
                file.getFD().sync(); // once a job: the sinks commit only after it holds
            }
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CheckpointStorageException(target + ": cannot note the final savepoint " + savepoint + ": " + e, e);
        }
        DirectoryTarget.forceDirectory(jobDir);
    }

    /** The savepoint noted in {@code jobDir}, if any. */
    public static Optional<FinalSavepoint> read(Path jobDir) {
        Path file = jobDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointStorageException(file + ": cannot read the job's final savepoint: " + e, e);
        }
        int tab = text.indexOf('\t');
        try {
            if (tab <= 0 || !text.endsWith("\n")) {
                throw new NumberFormatException("not '<id>\\t<directory>\\n'");
            }
            return Optional.of(new FinalSavepoint(Long.parseLong(text.substring(0, tab)),
                Path.of(text.substring(tab + 1, text.length() - 1))));
        } catch (RuntimeException e) {
            throw new CheckpointStorageException(file + ": the note of the job's final savepoint is damaged (" + e.getMessage()
                + "); restore that savepoint by its path, or delete the file to restore the newest checkpoint (its sinks"
                + " then commit again what they committed after it)", e);
        }
    }
}
