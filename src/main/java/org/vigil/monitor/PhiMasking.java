package org.vigil.monitor;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a log line must not show of a patient, masked as {@value #MASK} before the line is written
 * (wired into every appender's pattern by logback-spring.xml, for messages and stack traces alike):
 * <ul>
 * <li>patient references ({@code Patient/123}) and identifiers (a token with a digit) after a word
 *     that names them ({@code patient 123}, {@code patientId=MRN123}, {@code subject: f001}, {@code mrn 123});</li>
 * <li>every value of a JSON document quoted in a message (records, FHIR resources);</li>
 * <li>HL7 v2 segments, whatever the message's field separator: in a text with an MSH header, every
 *     segment but MSH (Z-segments too), also where the frame's bytes are written as camel-mllp
 *     writes them ({@code <0x0D CR>}); anywhere, the segments that carry a patient, a visit, an
 *     order or a result (PID, PD1, NK1, PV1, PV2, OBR, OBX, NTE, AL1, DG1, IN1, GT1, MRG, ORC...) followed by
 *     any separator;</li>
 * <li>CSV data rows (five or more numbers in a row, comma- or semicolon-separated);</li>
 * <li>names in free text: an HL7 v2 person name ({@code Doe^Jane^A}, {@code DOE^JANE}: two or more
 *     words of letters joined by {@code ^}) wherever it stands, and the words after a label that
 *     names a name ({@code family=Doe}, {@code given: Jane}, {@code patient name 'Jane Doe'}).</li>
 * </ul>
 * Vigil's own messages are written not to need this (a dead letter's log line names its route and
 * source, its reason stays in the dead-letter topic); the masking is for what libraries say.
 */
public final class PhiMasking {

    public static final String MASK = "***";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(?<![\\w/])Patient/[^\\s\"',;)\\]}|]+"), "Patient/" + MASK),
            new Rule(Pattern.compile("(?i)\\b(patient(?:[ _-]?id)?|subject|mrn)(\\s*[=:]\\s*|\\s+)(?!\\*\\*\\*)(['\"]?)(?=[\\w./:-]*\\d)[A-Za-z0-9][\\w./:-]*\\3"),
                    "$1$2" + MASK),
            new Rule(Pattern.compile("(\"[^\"\\\\]{1,64}\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d[\\d.eE+-]*|true|false)"), "$1\"" + MASK + "\""),
            // A JSON array of strings ("given": ["Jane", "A"]), one mask for the array's values.
            new Rule(Pattern.compile("(\"[^\"\\\\]{1,64}\"\\s*:\\s*\\[\\s*)\"(?!\\*\\*\\*\")(?:[^\"\\\\]|\\\\.)*\"(?:\\s*,\\s*\"(?:[^\"\\\\]|\\\\.)*\")*"),
                    "$1\"" + MASK + "\""),
            // An HL7 v2 person name (XPN) outside a segment: family^given[^more], each at least two letters.
            new Rule(Pattern.compile("(?<![\\p{L}\\d^&_-])\\p{Lu}[\\p{L}'-]+\\^\\p{Lu}[\\p{L}'-]+(?![\\p{L}\\d])(?:\\^[\\p{L}\\d'.-]*)*"), MASK),
            // A name after its label: family=Doe, given: Jane, name=DOE, JANE, patient name 'Jane Doe', named Jane.
            new Rule(Pattern.compile("(?i:\\b((?:patient|person)[ _-]?name|named|(?:family|given|name)(?=\\s*[=:]))(\\s*[=:]\\s*|\\s+))(['\"]?)(?!\\*\\*\\*)\\p{Lu}[\\p{L}'-]*(?:,?[ ]\\p{Lu}[\\p{L}'-]*)*\\3"),
                    "$1$2" + MASK),
            new Rule(Pattern.compile("(?m)\\b(PID|PD1|NK1|PV1|PV2|OBR|OBX|NTE|AL1|DG1|DG2|PR1|IN1|IN2|IN3|GT1|MRG|ORC|SPM|TXA|ROL|ACC|PRB|RXA|RXE|RXO|OBXX)"
                    + "([^\\w\\s])[^\\r\\n]*"), "$1$2" + MASK),
            new Rule(Pattern.compile("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:\\s*[,;]\\s*(?:-?\\d+(?:\\.\\d+)?|\\?|NaN)?){4,}"), MASK));

    private PhiMasking() {
    }

    /** An MSH header and its field separator. */
    private static final Pattern MSH = Pattern.compile("MSH([^\\w\\s])");
    /** Where a segment starts: the text's start, a line break, or camel-mllp's names for CR, LF and the frame's start. */
    private static final String SEGMENT_START = "(\\A|[\\r\\n\\x0b]|<0x0D CR>|<0x0A LF>|<0x0B VT>)";
    private static final java.util.Map<Character, Pattern> SEGMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = maskSegments(text);
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(masked);
            if (matcher.find()) {
                masked = matcher.replaceAll(rule.replacement());
            }
        }
        return masked;
    }

    /** Every segment but MSH of the HL7 messages in the text, by the separator their MSH names. */
    private static String maskSegments(String text) {
        Matcher header = MSH.matcher(text);
        String masked = text;
        java.util.Set<Character> separators = new java.util.HashSet<>();
        while (header.find()) {
            separators.add(header.group(1).charAt(0));
        }
        for (char separator : separators) {
            Pattern segment = SEGMENTS.computeIfAbsent(separator, sep -> Pattern.compile(SEGMENT_START + "(?!MSH)([A-Z][A-Z0-9]{2})"
                    + Pattern.quote(String.valueOf(sep)) + "(?:(?!<0x0D CR>|<0x0A LF>|<0x1C FS>)[^\\r\\n\\x1c])*"));
            masked = segment.matcher(masked).replaceAll(result -> Matcher.quoteReplacement(result.group(1) + result.group(2) + separator + MASK));
        }
        return masked;
    }
}
