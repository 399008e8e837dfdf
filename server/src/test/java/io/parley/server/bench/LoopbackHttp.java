package io.parley.server.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * A deliberately small HTTP/1.1 client for the load generator: kept-alive sockets, one request at a
 * time per socket, Content-Length or chunked answers. The JDK client spent more CPU than the server
 * under test on this 2-core machine, so the figures measured the generator as much as the server.
 */
final class LoopbackHttp {
    private final String host;
    private final int port;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    LoopbackHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** Posts and returns the status code; the connection goes back to the pool unless it failed. */
    int post(String path, Map<String, String> headers, byte[] body) throws IOException {
        return exchange("POST", path, headers, body);
    }

    /** GETs (reading and dropping the body) and returns the status code. */
    int get(String path, Map<String, String> headers) throws IOException {
        return exchange("GET", path, headers, new byte[0]);
    }

    private int exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        Connection connection = idle.pollFirst();
        if (connection == null) {
            connection = new Connection(open());
        }
        try {
            int status = connection.exchange(method, path, headers, body);
            idle.addFirst(connection);
            return status;
        } catch (IOException | RuntimeException e) {
            connection.socket.close();
            throw e;
        }
    }

    /** Opens {@code path} as an event stream and hands each line to {@code lines} until the stream ends. */
    void stream(String path, Map<String, String> headers, Runnable connected, Consumer<String> lines) throws IOException {
        try (Socket socket = open()) {
            Connection connection = new Connection(socket);
            connection.writeHead("GET", path, headers, 0);
            connection.out.flush();
            Head head = connection.readHead();
            if (head.status() != 200) {
                throw new IOException("event stream answered " + head.status());
            }
            connected.run();
            LineSplitter splitter = new LineSplitter(lines);
            if (head.chunked()) {
                connection.readChunks(splitter);
            } else {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = connection.in.read(buffer)) > 0) {
                    splitter.accept(buffer, n);
                }
            }
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        return socket;
    }

    private record Head(int status, long length, boolean chunked) {
    }

    private final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16_384);
            this.out = socket.getOutputStream();
        }

        int exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
            socket.setSoTimeout(60_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream(body.length + 512);
            request.write(head(method, path, headers, body.length));
            request.write(body);
            out.write(request.toByteArray());
            out.flush();
            Head head = readHead();
            if (head.chunked()) {
                readChunks((bytes, n) -> { });
            } else {
                in.skipNBytes(head.length());
            }
            return head.status();
        }

        void writeHead(String method, String path, Map<String, String> headers, int length) throws IOException {
            out.write(head(method, path, headers, length));
        }

        private byte[] head(String method, String path, Map<String, String> headers, int length) {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(port).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (!"GET".equals(method)) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        Head readHead() throws IOException {
            String statusLine = line();
            if (statusLine.length() < 12) {
                throw new IOException("no HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            return new Head(status, length, chunked);
        }

        void readChunks(Bytes sink) throws IOException {
            byte[] buffer = new byte[8192];
            while (true) {
                String sizeLine = line();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt(semicolon < 0 ? sizeLine.trim() : sizeLine.substring(0, semicolon).trim(), 16);
                if (size == 0) {
                    line();
                    return;
                }
                while (size > 0) {
                    int n = in.read(buffer, 0, Math.min(buffer.length, size));
                    if (n < 0) {
                        throw new IOException("stream ended inside a chunk");
                    }
                    sink.accept(buffer, n);
                    size -= n;
                }
                line();
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (c < 0 && line.isEmpty()) {
                throw new IOException("connection closed");
            }
            return line.toString();
        }
    }

    @FunctionalInterface
    private interface Bytes {
        void accept(byte[] bytes, int length) throws IOException;
    }

    /** Bytes in, UTF-8 lines out, across chunk boundaries. */
    private static final class LineSplitter implements Bytes {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void accept(byte[] bytes, int length) {
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, start, i - start);
                    lines.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                    start = i + 1;
                }
            }
            pending.write(bytes, start, length - start);
        }
    }
}
