package org.vigil.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An MLLP peer on a real socket, byte by byte (START 0x0B, payload, END 0x1C 0x0D), for what a
 * well-behaved client library cannot send: broken frames, wrong charsets, two messages in one
 * frame. One connection per instance.
 */
public final class MllpTestClient implements AutoCloseable {

    private static final int START = 0x0B;
    private static final int END = 0x1C;
    private static final int CR = 0x0D;

    private final Socket socket;

    public MllpTestClient(int port, Duration readTimeout) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
    }

    /** Sends one framed payload and returns the acknowledgement's payload, or null if the connection closed first. */
    public String exchange(byte[] payload) throws IOException {
        send(payload, true);
        return receive();
    }

    /** Sends the bytes framed; with {@code close} false the frame is left open (no END). */
    public void send(byte[] payload, boolean close) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(START);
        out.write(payload);
        if (close) {
            out.write(END);
            out.write(CR);
        }
        out.flush();
    }

    /** The next frame's payload (as ISO-8859-1 text); null when the peer closed the connection; throws on timeout. */
    public String receive() throws IOException {
        InputStream in = socket.getInputStream();
        int b;
        do {
            b = in.read();
            if (b == -1) {
                return null;
            }
        } while (b != START);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while ((b = in.read()) != -1) {
            if (b == END) {
                in.read(); // CR
                return payload.toString(StandardCharsets.ISO_8859_1);
            }
            payload.write(b);
        }
        return null;
    }

    /** Whether the peer closed (or reset) the connection within the read timeout. */
    public boolean closedByPeer() {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
