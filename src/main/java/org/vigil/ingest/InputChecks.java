package org.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Checks every input's bytes before anything parses them: not empty, not over the size limit,
 * UTF-8 without a byte-order mark, no NUL bytes. Without this a Latin-1 file would be read with
 * replacement characters and its values silently altered.
 */
@Component("inputChecks")
public class InputChecks {

    private final long maxBytes;

    public InputChecks(@Value("${vigil.ingest.max-body-bytes}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** For bodies held in memory (HTTP, Kafka): returns them as text once checked. */
    public String requireText(Exchange exchange) {
        Long declared = exchange.getMessage().getHeader("Content-Length", Long.class);
        if (declared != null && declared > maxBytes) {
            throw tooLarge(declared);
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRecordException("input is empty");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(bytes.length);
        }
        return decode(bytes);
    }

    /** For files, read as a stream so a large file is not held in memory to be checked. */
    public void requireTextFile(Exchange exchange) {
        GenericFile<?> file = exchange.getMessage().getBody(GenericFile.class);
        Path path = Path.of(((java.io.File) file.getFile()).getPath());
        try (InputStream in = Files.newInputStream(path)) {
            checkStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String decode(byte[] bytes) {
        checkStart(bytes, bytes.length);
        try {
            CharBuffer text = decoder().decode(ByteBuffer.wrap(bytes));
            checkNoNul(text, 0);
            return text.toString();
        } catch (CharacterCodingException e) {
            // Re-run incrementally to say where: a person fixing the sender needs the offset.
            checkStream(new java.io.ByteArrayInputStream(bytes));
            throw new InvalidRecordException("input is not valid UTF-8");
        }
    }

    private static void checkStream(InputStream in) {
        try {
            CharsetDecoder decoder = decoder();
            byte[] chunk = new byte[64 * 1024];
            ByteBuffer bytes = ByteBuffer.allocate(chunk.length + 8);
            CharBuffer chars = CharBuffer.allocate(chunk.length + 8);
            long offset = 0;
            boolean first = true;
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (first) {
                    checkStart(chunk, read);
                    first = false;
                }
                bytes.put(chunk, 0, read).flip();
                long before = offset;
                CoderResult result = decoder.decode(bytes, chars, false);
                if (result.isError()) {
                    long at = before + bytes.position();
                    int bad = bytes.get(bytes.position()) & 0xff;
                    throw new InvalidRecordException(String.format(
                            "input is not valid UTF-8: byte 0x%02X at offset %d (Latin-1 or another encoding?)", bad, at));
                }
                offset += bytes.position();
                bytes.compact();
                chars.flip();
                checkNoNul(chars, offset);
                chars.clear();
            }
            if (first) {
                throw new InvalidRecordException("input is empty");
            }
            bytes.flip();
            if (decoder.decode(bytes, chars, true).isError() || bytes.hasRemaining()) {
                throw new InvalidRecordException("input is not valid UTF-8: it ends inside a multi-byte character");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkStart(byte[] bytes, int length) {
        if (length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            throw new InvalidRecordException("input starts with a UTF-8 byte-order mark; send UTF-8 without BOM");
        }
        if (length >= 2 && ((bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF
                || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE)) {
            throw new InvalidRecordException("input is UTF-16 (byte-order mark); send UTF-8");
        }
    }

    private static void checkNoNul(CharSequence text, long offset) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\0') {
                throw new InvalidRecordException("input contains a NUL byte (binary data?) near offset " + (offset + i));
            }
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private PayloadTooLargeException tooLarge(long size) {
        return new PayloadTooLargeException("input is " + size + " bytes; the limit is " + maxBytes
                + " (vigil.ingest.max-body-bytes): split it into smaller files or Bundles");
    }
}
