package io.ptosim.traces;

import io.ptosim.trace.TraceEvent;

/**
 * One {@link TraceEvent} as one line of a ptosim trace (docs/trace-format.md): its tag, then its fields
 * in declaration order as decimal integers separated by one space; a text field (a resource, an error
 * message) is last and runs to the end of the line, with {@code \} and line breaks escaped.
 */
final class EventCodec {
    private EventCodec() {
    }

    /** Appends the event's line (without the line break). */
    static void format(TraceEvent e, StringBuilder b) {
        b.append(e.tag());
        switch (e) {
            case TraceEvent.Submitted s -> longs(b, s.timePs(), s.endPs(), s.op(), s.taskId(), s.kernelAic(),
                    s.kernelAiv0(), s.kernelAiv1(), s.blockNum(), s.ringLive());
            case TraceEvent.Allocated a -> longs(b, a.timePs(), a.endPs(), a.op(), a.taskId());
            case TraceEvent.EdgeWired w -> longs(b, w.timePs(), w.producer(), w.consumer());
            case TraceEvent.Ready r -> longs(b, r.timePs(), r.taskId());
            case TraceEvent.Dispatched d -> longs(b, d.timePs(), d.thread(), d.taskId(), d.block(), d.core(), d.startPs(),
                    d.endPs());
            case TraceEvent.BlockEnded x -> longs(b, x.timePs(), x.thread(), x.taskId(), x.block(), x.core(),
                    x.dispatchPs(), x.startPs(), x.endPs(), x.soloEndPs());
            case TraceEvent.Completed c -> longs(b, c.timePs(), c.thread(), c.taskId());
            case TraceEvent.Released r -> longs(b, r.timePs(), r.thread(), r.taskId());
            case TraceEvent.WatermarkAdvanced w -> longs(b, w.timePs(), w.ring(), w.watermark());
            case TraceEvent.Blocked bl -> text(longs(b, bl.timePs()), bl.resource());
            case TraceEvent.Unblocked u -> text(longs(b, u.timePs()), u.resource());
            case TraceEvent.Scope s -> longs(b, s.timePs(), s.begin() ? 1 : 0, s.depth());
            case TraceEvent.Stopped s -> text(longs(b, s.timePs(), s.code()), s.message());
            case TraceEvent.HighWater h -> text(longs(b, h.timePs(), h.ring(), h.peak(), h.size()), h.resource());
        }
    }

    /** The event's line. */
    static String format(TraceEvent e) {
        StringBuilder b = new StringBuilder(64);
        format(e, b);
        return b.toString();
    }

    private static StringBuilder longs(StringBuilder b, long... values) {
        for (long v : values) {
            b.append(' ').append(v);
        }
        return b;
    }

    private static void text(StringBuilder b, String s) {
        b.append(' ');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    /**
     * Parses one event line; {@code where} ("run.ptrace: line 12") prefixes errors.
     *
     * @throws TraceFormatException naming the line and the field that is wrong
     */
    static TraceEvent parse(String line, String where) {
        Fields f = new Fields(line, where);
        String tag = f.word("tag");
        TraceEvent e = switch (tag) {
            case "submit" -> new TraceEvent.Submitted(f.num("time_ps"), f.num("end_ps"), f.integer("op"), f.num("task"),
                    f.integer("kernel_aic"), f.integer("kernel_aiv0"), f.integer("kernel_aiv1"), f.integer("block_num"),
                    f.integer("ring_live"));
            case "alloc" -> new TraceEvent.Allocated(f.num("time_ps"), f.num("end_ps"), f.integer("op"), f.num("task"));
            case "edge" -> new TraceEvent.EdgeWired(f.num("time_ps"), f.num("producer"), f.num("consumer"));
            case "ready" -> new TraceEvent.Ready(f.num("time_ps"), f.num("task"));
            case "dispatch" -> new TraceEvent.Dispatched(f.num("time_ps"), f.integer("thread"), f.num("task"),
                    f.integer("block"), f.integer("core"), f.num("start_ps"), f.num("end_ps"));
            case "block_end" -> new TraceEvent.BlockEnded(f.num("time_ps"), f.integer("thread"), f.num("task"),
                    f.integer("block"), f.integer("core"), f.num("dispatch_ps"), f.num("start_ps"), f.num("end_ps"),
                    f.num("solo_end_ps"));
            case "complete" -> new TraceEvent.Completed(f.num("time_ps"), f.integer("thread"), f.num("task"));
            case "release" -> new TraceEvent.Released(f.num("time_ps"), f.integer("thread"), f.num("task"));
            case "watermark" -> new TraceEvent.WatermarkAdvanced(f.num("time_ps"), f.integer("ring"), f.num("watermark"));
            case "blocked" -> new TraceEvent.Blocked(f.num("time_ps"), f.rest("resource"));
            case "unblocked" -> new TraceEvent.Unblocked(f.num("time_ps"), f.rest("resource"));
            case "scope" -> new TraceEvent.Scope(f.num("time_ps"), f.flag("begin"), f.integer("depth"));
            case "stop" -> new TraceEvent.Stopped(f.num("time_ps"), f.integer("code"), f.rest("message"));
            case "high_water" -> new TraceEvent.HighWater(f.num("time_ps"), f.integer("ring"), f.num("peak"),
                    f.num("size"), f.rest("resource"));
            default -> throw new TraceFormatException(where + ": tag: expected an event tag (submit, alloc, edge,"
                    + " ready, dispatch, block_end, complete, release, watermark, blocked, unblocked, scope, stop,"
                    + " high_water), got '" + tag + "'");
        };
        f.end();
        return e;
    }

    /** A cursor over the space-separated fields of one line. */
    private static final class Fields {
        private final String line;
        private final String where;
        private int at;

        Fields(String line, String where) {
            this.line = line;
            this.where = where;
        }

        String word(String field) {
            if (at >= line.length()) {
                throw new TraceFormatException(where + ": " + field + ": missing");
            }
            int end = line.indexOf(' ', at);
            end = end < 0 ? line.length() : end;
            String w = line.substring(at, end);
            at = end + 1;
            return w;
        }

        long num(String field) {
            String w = word(field);
            try {
                return Long.parseLong(w);
            } catch (NumberFormatException e) {
                throw new TraceFormatException(where + ": " + field + ": expected a 64-bit integer, got '" + w + "'");
            }
        }

        int integer(String field) {
            long v = num(field);
            if (v != (int) v) {
                throw new TraceFormatException(where + ": " + field + ": expected a 32-bit integer, got " + v);
            }
            return (int) v;
        }

        boolean flag(String field) {
            long v = num(field);
            if (v != 0 && v != 1) {
                throw new TraceFormatException(where + ": " + field + ": expected 0 or 1, got " + v);
            }
            return v == 1;
        }

        String rest(String field) {
            if (at > line.length()) {
                throw new TraceFormatException(where + ": " + field + ": missing");
            }
            String raw = line.substring(at);
            at = line.length() + 1;
            StringBuilder b = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char n = ++i < raw.length() ? raw.charAt(i) : ' ';
                switch (n) {
                    case '\\' -> b.append('\\');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    default -> throw new TraceFormatException(where + ": " + field + ": bad escape '\\" + n + "'");
                }
            }
            return b.toString();
        }

        void end() {
            if (at < line.length()) {
                throw new TraceFormatException(where + ": unexpected field '" + line.substring(at) + "' after the event");
            }
        }
    }
}
