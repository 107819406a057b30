package org.vigil.ingest.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.apache.camel.Body;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads the payload of one MLLP frame as an HL7 v2 message with HAPI: its bytes decoded in the
 * charset MSH-18 names (or {@code vigil.ingest.mllp.charset} when it names none), any version from
 * 2.1 to 2.8 read into HAPI's 2.6 model, framed as senders frame it: segments ended by CR, LF or
 * CRLF, a byte-order mark or blank lines before MSH, any field separator, MSH-2 with the v2.7
 * truncation character, trailing spaces. Everything that keeps a message from being read is an
 * {@link Hl7Refusal} with its reason: not HL7, two messages in one frame, an unknown charset or
 * bytes invalid in it, an unsupported version, no control id, a frame over
 * {@code vigil.ingest.mllp.max-frame-bytes}.
 */
@Component("hl7Messages")
public class Hl7Messages {

    /** ADT events that say where a patient is: admit, transfer, discharge, register, update. */
    static final Set<String> ADMISSIONS = Set.of("ADT^A01", "ADT^A02", "ADT^A03", "ADT^A04", "ADT^A08");
    static final Set<String> VERSIONS = Set.of("2.1", "2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1",
            "2.8.2");

    /** HL7 table 0211 (and the spellings senders use) to Java charsets. */
    private static final Map<String, Charset> CHARSETS = Map.of(
            "ASCII", StandardCharsets.US_ASCII,
            "8859/1", StandardCharsets.ISO_8859_1,
            "8859/15", Charset.forName("ISO-8859-15"),
            "UNICODE UTF-8", StandardCharsets.UTF_8,
            "UTF-8", StandardCharsets.UTF_8);

    private final PipeParser parser;
    private final Charset defaultCharset;
    private final int maxFrameBytes;

    public Hl7Messages(@Value("${vigil.ingest.mllp.charset:ISO-8859-1}") String defaultCharset,
                       @Value("${vigil.ingest.mllp.max-frame-bytes}") int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        HapiContext context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        // Control ids of generated ACKs from memory, not from a file HAPI would write in the working directory.
        context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        // An OBX with a value but no (or an unknown) type in OBX-2 is read as text, not refused whole: Vigil reads
        // OBX-5 only for the codes it knows, and a sender's stray text row must not cost the message.
        context.getParserConfiguration().setDefaultObx2Type("ST");
        context.getParserConfiguration().setInvalidObx2Type("ST");
        // Vigil checks what it reads itself; HAPI's default rules would refuse whole messages for fields it never uses.
        context.setValidationContext(ValidationContextFactory.noValidation());
        this.parser = context.getPipeParser();
        this.defaultCharset = Charset.forName(defaultCharset);
    }

    /** The parser, shared (thread-safe once configured). */
    PipeParser parser() {
        return parser;
    }

    public Hl7Input read(@Body byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw Hl7Refusal.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "empty MLLP frame: no HL7 message");
        }
        if (payload.length > maxFrameBytes) {
            // HL7 table 0357 has no code for size; 207 with the reason in ERR-8.
            throw Hl7Refusal.rejected(ErrorCode.APPLICATION_INTERNAL_ERROR, "message of " + payload.length + " bytes; the limit is "
                    + maxFrameBytes + " (vigil.ingest.mllp.max-frame-bytes)");
        }
        int start = RawHeader.start(payload);
        if (start > 0) {
            payload = java.util.Arrays.copyOfRange(payload, start, payload.length); // a BOM, a blank line before MSH
        }
        RawHeader header = RawHeader.of(payload);
        Charset charset = charsetOf(header.field(18));
        String text = decode(payload, charset, header.field(18));
        long messages = text.lines().flatMap(l -> java.util.Arrays.stream(l.split("\r"))).filter(s -> s.startsWith("MSH" + header.separator())).count();
        if (messages > 1) {
            throw Hl7Refusal.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, messages + " messages in one MLLP frame; send one message per frame");
        }
        String version = header.field(12) == null ? null : header.component(12);
        if (version == null || !VERSIONS.contains(version)) {
            throw Hl7Refusal.rejected(ErrorCode.UNSUPPORTED_VERSION_ID, "HL7 version '" + header.field(12)
                    + "' (MSH-12) is not supported; Vigil reads 2.1 to 2.8");
        }
        String controlId = header.field(10) == null ? null : header.field(10).strip();
        if (controlId == null || controlId.isBlank()) {
            throw Hl7Refusal.rejected(ErrorCode.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty: the message cannot be acknowledged");
        }
        Message message;
        try {
            // HAPI wants segments ended by CR; some senders end them with LF or CRLF.
            message = parser.parse(segments(withHeader(text, header, version)));
        } catch (HL7Exception e) {
            throw Hl7Refusal.rejected(ErrorCode.APPLICATION_INTERNAL_ERROR, "not a readable HL7 v2 message: " + e.getMessage());
        }
        try {
            Terser terser = new Terser(message);
            String type = terser.get("/MSH-9-1") + "^" + terser.get("/MSH-9-2");
            return new Hl7Input(message, charset, type, controlId, terser.get("/MSH-3-1"), version);
        } catch (HL7Exception e) {
            throw Hl7Refusal.rejected(ErrorCode.REQUIRED_FIELD_MISSING, "MSH-9 (message type) cannot be read: " + e.getMessage());
        }
    }

    /** {@code hl7:<MSH-10>}, or {@code hl7:<connection>} when the frame has no readable control id. */
    public String sourceOf(@Body byte[] payload, @org.apache.camel.Header("CamelMllpRemoteAddress") String remote) {
        try {
            String controlId = RawHeader.of(payload).field(10);
            if (controlId != null && !controlId.isBlank()) {
                return "hl7:" + controlId;
            }
        } catch (Hl7Refusal e) {
            // not HL7 at all: named by where it came from
        }
        return "hl7:unidentified@" + remote;
    }

    private Charset charsetOf(String msh18) {
        if (msh18 == null || msh18.isBlank()) {
            return defaultCharset;
        }
        Charset charset = CHARSETS.get(msh18.split("\\^")[0].strip().toUpperCase(Locale.ROOT));
        if (charset == null) {
            throw Hl7Refusal.rejected(ErrorCode.UNSUPPORTED_PROCESSING_ID, "character set '" + msh18 + "' (MSH-18) is not supported; use "
                    + String.join(", ", new java.util.TreeSet<>(CHARSETS.keySet())));
        }
        return charset;
    }

    private static String decode(byte[] payload, Charset charset, String declared) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw Hl7Refusal.rejected(ErrorCode.DATA_TYPE_ERROR, "the message's bytes are not valid " + charset.name()
                    + (declared == null || declared.isBlank() ? " (no MSH-18: the listener's default)" : " as MSH-18 '" + declared + "' declares"));
        }
    }

    /**
     * The message with its MSH as HAPI reads it: MSH-2 as four encoding characters (a v2.7 sender
     * adds the truncation character, {@code ^~\&#}, which HAPI 2.6 refuses to encode; a sender that
     * escaped its backslash once too often writes {@code ^~\\&}), and MSH-12 without the padding
     * some senders give it ({@code "2.5.1 "}).
     */
    private static String withHeader(String text, RawHeader header, String version) {
        String separator = String.valueOf(header.separator());
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        // Split again from the decoded text, not taken from the header read from the bytes (ISO-8859-1): MSH may hold
        // non-ASCII names in the charset MSH-18 declares.
        String[] fields = text.substring(0, end).split(java.util.regex.Pattern.quote(separator), -1);
        boolean changed = false;
        if (fields.length > 1 && fields[1].length() > 4) {
            String distinct = fields[1].chars().distinct().limit(4)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            changed = !distinct.equals(fields[1]);
            fields[1] = distinct;
        }
        if (fields.length > 11 && !fields[11].equals(version) && !fields[11].startsWith(version + header.component())) {
            fields[11] = version;
            changed = true;
        }
        return changed ? String.join(separator, fields) + text.substring(end) : text;
    }

    /**
     * Segments as HAPI reads them: each ended by CR, whether the sender ended it with CR, LF or
     * CRLF; blank lines and trailing whitespace after the last segment dropped.
     */
    static String segments(String text) {
        return text.replace("\r\n", "\r").replace('\n', '\r').replaceAll("\r{2,}", "\r").stripTrailing();
    }

    /** The MSH segment read from the raw bytes (it is ASCII in every charset HL7 allows), before decoding. */
    record RawHeader(char separator, char component, String[] fields) {

        private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        /** Where MSH starts: after a UTF-8 byte-order mark and blank lines or spaces, if any. */
        static int start(byte[] payload) {
            int start = payload.length >= 3 && payload[0] == UTF8_BOM[0] && payload[1] == UTF8_BOM[1] && payload[2] == UTF8_BOM[2] ? 3 : 0;
            while (start < payload.length && (payload[start] == '\r' || payload[start] == '\n' || payload[start] == ' ' || payload[start] == '\t')) {
                start++;
            }
            return start;
        }

        static RawHeader of(byte[] payload) {
            int begin = start(payload);
            int end = begin;
            while (end < payload.length && payload[end] != '\r' && payload[end] != '\n') {
                end++;
            }
            String msh = new String(payload, begin, end - begin, StandardCharsets.ISO_8859_1);
            if (!msh.startsWith("MSH") || msh.length() < 8) {
                throw Hl7Refusal.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "the frame does not start with an MSH segment: not an HL7 v2 message");
            }
            char separator = msh.charAt(3);
            if (Character.isLetterOrDigit(separator) || Character.isWhitespace(separator)) {
                throw Hl7Refusal.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, "field separator '" + separator
                        + "' (MSH-1) is a letter, a digit or a space: not an HL7 v2 message");
            }
            return new RawHeader(separator, msh.charAt(4), msh.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1));
        }

        /** MSH-n (MSH-1 is the separator itself, so MSH-n is the n-th token after "MSH"), trailing spaces removed. */
        String field(int n) {
            return n - 1 < fields.length ? fields[n - 1].stripTrailing() : null;
        }

        /** MSH-n's first component. */
        String component(int n) {
            String field = field(n);
            int end = field.indexOf(component);
            return (end < 0 ? field : field.substring(0, end)).strip();
        }
    }
}
