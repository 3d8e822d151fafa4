package ai.acosp.train.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old or the complete new content, never a part: the
 * content goes to a hidden temporary file {@code .<name>.<n>.tmp} in the same folder, is forced to
 * disk, and is then moved over the target with an atomic rename. A write that fails leaves the
 * target as it was, removes the temporary file and throws a {@link FileWriteException} naming the
 * target, with the free space and what the file needs. A process killed mid-write leaves its
 * temporary file behind; {@link #removeLeftovers} deletes such files.
 *
 * <p>The temporary file is created like any other output (permissions from the umask, so a
 * checkpoint is as readable by the group as the logs), not with the owner-only permissions of
 * {@link Files#createTempFile}.
 */
public final class AtomicFiles {

    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Content {

        /**
         * Writes the content.
         *
         * @param out the stream; do not close it
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces a file atomically.
     *
     * @param target the file to write
     * @param content writes the new content
     * @throws FileWriteException if writing fails; the target is then unchanged
     * @throws IOException if the content fails with another I/O problem (the target is unchanged)
     */
    public static void write(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new FileWriteException(
                    target, "cannot create its folder " + folder + " (" + reason(e) + ")", e);
        }
        Path temp =
                folder.resolve(
                        "."
                                + target.getFileName()
                                + "."
                                + Math.abs(ThreadLocalRandom.current().nextInt())
                                + TEMP_SUFFIX);
        boolean done = false;
        long[] written = {0};
        try {
            try (FileChannel channel =
                    FileChannel.open(
                            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream counted =
                        new FilterOutputStream(Channels.newOutputStream(channel)) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                out.write(b, off, len);
                                written[0] += len;
                            }

                            @Override
                            public void write(int b) throws IOException {
                                out.write(b);
                                written[0]++;
                            }
                        };
                OutputStream out = new BufferedOutputStream(counted, 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            } catch (IOException e) {
                throw failure(target, folder, written[0], e);
            }
            try {
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new FileWriteException(
                        target, "the file system of " + folder + " cannot rename atomically", e);
            } catch (IOException e) {
                throw new FileWriteException(target, "cannot replace it (" + reason(e) + ")", e);
            }
            done = true;
            syncFolder(folder);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Deletes the temporary files that interrupted writes (a killed process) left in a folder.
     *
     * @param folder the folder; nothing happens when it does not exist
     * @return the files deleted
     * @throws IOException if the folder cannot be listed or a file not deleted
     */
    public static List<Path> removeLeftovers(Path folder) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return removed;
        }
        try (DirectoryStream<Path> files =
                Files.newDirectoryStream(folder, "." + "*." + "[0-9]*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                    removed.add(file);
                }
            }
        }
        return removed;
    }

    /** A write that failed: names the target and, for lack of space, what is free and needed. */
    private static FileWriteException failure(
            Path target, Path folder, long written, IOException e) {
        long needed = written;
        try {
            if (Files.isRegularFile(target)) {
                needed = Math.max(needed, Files.size(target));
            }
        } catch (IOException ignored) {
            // the size of the previous file is only an estimate of what is needed
        }
        String space;
        try {
            long free = Files.getFileStore(folder).getUsableSpace();
            space =
                    "; "
                            + FileWriteException.size(free)
                            + " free in "
                            + folder
                            + ", the file needs at least "
                            + FileWriteException.size(needed)
                            + " ("
                            + FileWriteException.size(written)
                            + " written before the failure)";
        } catch (IOException | RuntimeException ignored) {
            space = "; the file needs at least " + FileWriteException.size(needed);
        }
        return new FileWriteException(target, "cannot write it (" + reason(e) + ")" + space, e);
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            message = fse.getReason();
        }
        String kind = e.getClass() == IOException.class ? "" : e.getClass().getSimpleName();
        if (message == null) {
            return kind;
        }
        return kind.isEmpty() ? message : kind + ": " + message;
    }

    private static void syncFolder(Path folder) {
        // makes the rename itself durable; not every platform can open a folder
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
