package io.ptosim.platform;

import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Reads a platform file (JSON: nested objects of numbers and booleans, a top-level {@code description}
 * string) into dotted keys. Its own small reader because every Jackson parser initializes
 * {@link java.math.BigDecimal}, whose start-up on JDK 25 (5^65536 in its table of powers) costs a
 * short run about 20 ms of CPU. Strings and nulls other than the description are skipped; arrays are
 * not part of a platform file.
 */
final class PlatformFile {
    private final String source;
    private final String text;
    private int at;

    private PlatformFile(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * Puts the numbers of {@code text} in {@code out} and the booleans there as 1/0 (their keys also in
     * {@code flags}); returns the top-level {@code description}, else {@code fallback}.
     *
     * @throws PlatformException naming {@code source} and the offset when the text is not such JSON
     */
    static String read(String source, String text, SortedMap<String, Double> out, SortedSet<String> flags,
            String fallback) {
        PlatformFile f = new PlatformFile(source, text);
        f.skipSpace();
        if (!f.peek('{')) {
            throw f.error("expected a JSON object");
        }
        String description = f.object("", out, flags, fallback);
        f.skipSpace();
        if (f.at < text.length()) {
            throw f.error("unexpected text after the object");
        }
        return description;
    }

    private String object(String prefix, SortedMap<String, Double> out, SortedSet<String> flags, String description) {
        expect('{');
        skipSpace();
        if (peek('}')) {
            at++;
            return description;
        }
        while (true) {
            skipSpace();
            String name = string();
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            skipSpace();
            expect(':');
            skipSpace();
            char c = at < text.length() ? text.charAt(at) : 0;
            if (c == '{') {
                object(key, out, flags, description);
            } else if (c == '"') {
                String value = string();
                description = prefix.isEmpty() && name.equals("description") ? value : description;
            } else if (text.startsWith("true", at) || text.startsWith("false", at)) {
                boolean yes = text.startsWith("true", at);
                at += yes ? 4 : 5;
                out.put(key, yes ? 1.0 : 0.0);
                flags.add(key);
            } else if (text.startsWith("null", at)) {
                at += 4;
            } else {
                out.put(key, number());
            }
            skipSpace();
            if (peek(',')) {
                at++;
                continue;
            }
            expect('}');
            return description;
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    try {
                        b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    at += 4;
                }
                case '"', '\\', '/' -> b.append(e);
                default -> throw error("unknown escape \\" + e);
            }
        }
        throw error("unterminated string");
    }

    private double number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        try {
            return Double.parseDouble(text.substring(start, at));
        } catch (NumberFormatException e) {
            at = start;
            throw error("expected a number, an object, a string, true, false or null");
        }
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private PlatformException error(String what) {
        return new PlatformException(source + ": " + what + " at offset " + at);
    }
}
