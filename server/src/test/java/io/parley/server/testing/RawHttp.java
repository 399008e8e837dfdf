package io.parley.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends only a request's head (announcing a body it never sends) and reads the answer, for checks
 * that a server refuses a body from its Content-Length alone.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public static String headOnly(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[1024];
            int n;
            // The answer is complete once its (small, JSON) body has closed; the server may keep the socket open.
            while (!answer.toString().endsWith("}") && (n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }
}
