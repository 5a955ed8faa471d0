package io.ringflow.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The control channel of a job run by {@code ringflow run}: a Unix domain socket
 * {@code ${java.io.tmpdir}/ringflow-<user>/jobs/<job>.sock} in a directory only its user may
 * enter. One request line in, one answer line out ({@code ok ...} or {@code error ...});
 * requests are served one at a time. The socket file is removed on close.
 */
final class ControlEndpoint implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private final Function<String, String> handler;
    private final Thread thread;

    private ControlEndpoint(Path socket, ServerSocketChannel server, Function<String, String> handler, String jobName) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.thread = new Thread(this::serve, "ringflow-" + jobName + "-control");
        thread.setDaemon(true);
    }

    /** The directory of every job's socket. */
    static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "ringflow-" + System.getProperty("user.name"), "jobs");
    }

    /** The socket of the job called {@code jobName}; a name is kept to characters safe in a file name. */
    static Path socketOf(String jobName) {
        return directory().resolve(jobName.replaceAll("[^A-Za-z0-9._-]", "_") + ".sock");
    }

    /**
     * Binds the job's socket; a stale one (its process gone) is replaced.
     *
     * @throws IllegalStateException when a live process already serves a job of this name
     */
    static ControlEndpoint open(String jobName, Function<String, String> handler) throws IOException {
        Path socket = socketOf(jobName);
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(socket)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                throw new IllegalStateException("a job named '" + jobName + "' is already running (control socket " + socket
                    + "); give this one another name");
            } catch (IOException stale) {
                Files.deleteIfExists(socket);
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ControlEndpoint endpoint = new ControlEndpoint(socket, server, handler, jobName);
        endpoint.thread.start();
        return endpoint;
    }

    /** Sends one request to the job's socket and returns the answer line. @throws IOException when no job listens */
    static String request(Path socket, String line) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Writer out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
            out.write(line.replace('\n', ' ') + "\n");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                .readLine();
            if (answer == null) {
                throw new IOException("the job closed its control socket without answering");
            }
            return answer;
        }
    }

    Path socket() {
        return socket;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                String request = in.readLine();
                String answer;
                try {
                    answer = request == null ? "error empty request" : handler.apply(request);
                } catch (RuntimeException e) {
                    answer = "error " + e.getMessage();
                }
                Writer out = new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8);
                out.write(answer.replace('\n', ' ') + "\n");
                out.flush();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                continue; // a client that went away: serve the next one
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // nothing to do: a stale socket is replaced by the next job of this name
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
