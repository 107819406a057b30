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
 * <li>HL7 v2 segments that carry a patient or a result (PID, PD1, NK1, PV1, PV2, OBR, OBX, NTE, AL1, DG1);</li>
 * <li>CSV data rows (five or more numbers in a row, comma- or semicolon-separated).</li>
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
            new Rule(Pattern.compile("(?m)\\b(PID|PD1|NK1|PV1|PV2|OBR|OBX|NTE|AL1|DG1)\\|[^\\r\\n]*"), "$1|" + MASK),
            new Rule(Pattern.compile("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:\\s*[,;]\\s*(?:-?\\d+(?:\\.\\d+)?|\\?|NaN)?){4,}"), MASK));

    private PhiMasking() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(masked);
            if (matcher.find()) {
                masked = matcher.replaceAll(rule.replacement());
            }
        }
        return masked;
    }
}
