package io.parley.server.platform.http;

import io.helidon.webserver.http.ServerRequest;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.PayloadTooLargeException;
import io.parley.server.platform.error.UnsupportedMediaTypeException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/form-data} request read as it streams in: file parts are spooled to temporary
 * files (at most {@code maxFileBytes} each), other parts kept as text (at most 64 KB). The caller
 * closes it, which deletes the spooled files it did not move away.
 */
public final class MultipartForm implements AutoCloseable {
    private static final int MAX_TEXT = 64 * 1024;
    private static final int MAX_PARTS = 10;

    /** A file part: where it was spooled, the name the client gave it, and its size. */
    public record FilePart(Path path, String filename, long size) {
    }

    private final Map<String, String> fields = new HashMap<>();
    private final Map<String, FilePart> files = new HashMap<>();

    private MultipartForm() {
    }

    /**
     * Reads the request's parts. 415 when it is not multipart/form-data, 413 when a file is over
     * {@code maxFileBytes} (with {@code limitText} saying what the limit is), 400 when it is malformed.
     */
    public static MultipartForm read(ServerRequest req, Path spoolDir, long maxFileBytes, String limitText) {
        String contentType = req.headers().contentType().map(type -> type.text()).orElse("");
        if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw new UnsupportedMediaTypeException("Send the file as multipart/form-data (a part named \"file\").");
        }
        MultipartForm form = new MultipartForm();
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.custom()
                .setMaxLineLen(-1)
                .setMaxHeaderLen(8 * 1024)
                .setMaxHeaderCount(20)
                .setStrictParsing(false)
                .build());
        try (InputStream in = req.content().inputStream()) {
            Files.createDirectories(spoolDir);
            stream.parseHeadless(in, contentType);
            String name = null;
            String filename = null;
            int parts = 0;
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_HEADER -> {
                        name = null;
                        filename = null;
                        if (++parts > MAX_PARTS) {
                            throw new BadRequestException("The form has more than " + MAX_PARTS + " parts.");
                        }
                    }
                    case T_FIELD -> {
                        Field field = stream.getField();
                        if (field.getName().equalsIgnoreCase("Content-Disposition")) {
                            RawBody body = RawFieldParser.DEFAULT.parseRawBody(RawFieldParser.DEFAULT.parseField(field.getRaw()));
                            for (NameValuePair param : body.getParams()) {
                                if (param.getName().equalsIgnoreCase("name")) {
                                    name = param.getValue();
                                } else if (param.getName().equalsIgnoreCase("filename")) {
                                    filename = param.getValue();
                                }
                            }
                        }
                    }
                    case T_BODY -> {
                        if (name == null) {
                            throw new BadRequestException("A part of the form has no name.");
                        }
                        if (filename != null) {
                            form.spool(name, filename, stream.getDecodedInputStream(), spoolDir, maxFileBytes, limitText);
                        } else {
                            form.fields.put(name, text(stream.getDecodedInputStream(), name));
                        }
                    }
                    default -> {
                    }
                }
            }
            return form;
        } catch (MimeException e) {
            form.close();
            throw new BadRequestException("The form is not valid multipart/form-data: " + e.getMessage());
        } catch (IOException e) {
            form.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            form.close();
            throw e;
        }
    }

    private void spool(String name, String filename, InputStream in, Path dir, long max, String limitText) throws IOException {
        Path file = Files.createTempFile(dir, "form-", ".part");
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                size += n;
                if (size > max) {
                    throw new PayloadTooLargeException(limitText);
                }
                out.write(buffer, 0, n);
            }
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        FilePart previous = files.put(name, new FilePart(file, filename, size));
        if (previous != null) {
            Files.deleteIfExists(previous.path());
        }
    }

    private static String text(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_TEXT + 1);
        if (bytes.length > MAX_TEXT) {
            throw new PayloadTooLargeException("The form field \"" + name + "\" is over " + MAX_TEXT / 1024 + " KB.");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Optional<FilePart> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** Deletes the spooled files that are still where they were spooled. */
    @Override
    public void close() {
        for (FilePart part : files.values()) {
            try {
                Files.deleteIfExists(part.path());
            } catch (IOException e) {
                // A leftover temporary file is harmless; the spool directory is ours.
            }
        }
    }
}
