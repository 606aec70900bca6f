package io.ptosim.record;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layouts of the types that cross the orchestration boundary, read from an ELF file's DWARF debug
 * info (orchestration-abi.md §4): per type its size and every data member's name and byte offset, the
 * members of base classes flattened in. simpler's function table and argument structs carry no version,
 * so an orchestration .so built from other headers than the recorder is told apart by these, before it
 * runs (it would crash the recorder or record garbage). simpler's KernelCompiler always builds with
 * {@code -g}.
 *
 * @param types per boundary type found, its layout as one line ({@code size=N; member@offset, ...})
 */
public record LayoutFingerprint(Map<String, String> types) {
    /** The boundary types, as DWARF names them (template arguments without spaces or suffixes). */
    public static final List<String> BOUNDARY_TYPES = List.of("PTO2RuntimeOps", "PTO2Runtime", "ChipTensor",
            "TensorCreateInfo", "TaskOutputTensors", "MixedKernels", "Arg<32,16>", "ChipTaskArgs");
    /** Every orchestration calls through the table, so its debug info has it. */
    static final String REQUIRED = "PTO2RuntimeOps";

    private static final Pattern DIE = Pattern.compile("^\\s*<(\\d+)><([0-9a-f]+)>: Abbrev Number: (\\d+)(?: \\((DW_TAG_\\w+)\\))?");
    private static final Pattern ATTR = Pattern.compile("^\\s*<[0-9a-f]+>\\s+(DW_AT_\\w+)\\s*:\\s*(.*)$");
    private static final Pattern REF = Pattern.compile("<0x([0-9a-f]+)>");
    /** The attribute form some readelf versions print first, e.g. {@code (data1) 144}. */
    private static final Pattern FORM = Pattern.compile("^\\((?:data\\d+|strp|line_strp|strx\\d?|string|ref\\w*|udata|sdata|flag\\w*|exprloc|implicit_const|sec_offset|addr\\w*)\\)\\s*");
    private static final Pattern PLUS_UCONST = Pattern.compile("DW_OP_plus_uconst: (\\d+)");

    /** Copies the map into name order. */
    public LayoutFingerprint {
        types = new TreeMap<>(types);
    }

    /**
     * The fingerprint of {@code elf} (runs {@code readelf --debug-dump=info}).
     *
     * @throws RecordException if readelf fails
     */
    static LayoutFingerprint of(Path elf, CxxToolchain tools, Path errors) {
        String dump = CxxToolchain.run(List.of(tools.readelf().toString(), "--wide", "--debug-dump=info",
                elf.toString()), errors);
        return parse(dump);
    }

    /** The fingerprint of a {@code readelf --debug-dump=info} listing. */
    static LayoutFingerprint parse(String dump) {
        Map<Long, Struct> structs = new HashMap<>();
        List<Long> parents = new ArrayList<>();
        Die current = null;
        for (String line : (Iterable<String>) dump.lines()::iterator) {
            Matcher d = DIE.matcher(line);
            if (d.find()) {
                finish(current, structs);
                int depth = Integer.parseInt(d.group(1));
                long offset = Long.parseLong(d.group(2), 16);
                while (parents.size() <= depth) {
                    parents.add(-1L);
                }
                parents.set(depth, offset);
                current = d.group(4) == null ? null
                        : new Die(d.group(4), offset, depth == 0 ? -1 : parents.get(depth - 1));
                continue;
            }
            Matcher a = ATTR.matcher(line);
            if (current != null && a.find()) {
                current.attrs.put(a.group(1), FORM.matcher(a.group(2).trim()).replaceFirst(""));
            }
        }
        finish(current, structs);
        Map<String, TreeSet<String>> found = new TreeMap<>();
        for (Struct s : structs.values()) {
            if (s.name != null && s.size >= 0 && BOUNDARY_TYPES.contains(s.name)) {
                found.computeIfAbsent(s.name, k -> new TreeSet<>()).add(describe(s, structs));
            }
        }
        Map<String, String> types = new TreeMap<>();
        found.forEach((name, layouts) -> types.put(name, String.join(" | ", layouts)));
        return new LayoutFingerprint(types);
    }

    /** A short hash of every layout (16 hex digits), for messages. */
    public String hash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            types.forEach((k, v) -> md.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many data members the layouts list. */
    public int members() {
        int n = 0;
        for (String v : types.values()) {
            n += v.split("@", -1).length - 1;
        }
        return n;
    }

    /**
     * Why an orchestration with layouts {@code so} cannot be recorded by a recorder with these: one line
     * per boundary type both know that differs (with its first differing members), or the required
     * table missing from the .so. Empty when they agree.
     */
    public List<String> mismatches(LayoutFingerprint so) {
        List<String> out = new ArrayList<>();
        if (!so.types.containsKey(REQUIRED)) {
            out.add(so.types.isEmpty() ? "the .so has no debug info for the boundary types (build it with -g, as"
                    + " simpler's KernelCompiler does), so its layout cannot be checked"
                    : "the .so's debug info has no " + REQUIRED);
            return out;
        }
        for (Map.Entry<String, String> e : types.entrySet()) {
            String theirs = so.types.get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                out.add(e.getKey() + ": " + firstDifference(theirs, e.getValue()));
            }
        }
        return out;
    }

    private static String firstDifference(String so, String recorder) {
        List<String> a = List.of(so.split("[;,] ?"));
        List<String> b = List.of(recorder.split("[;,] ?"));
        List<String> onlySo = new ArrayList<>(a);
        onlySo.removeAll(b);
        List<String> onlyRec = new ArrayList<>(b);
        onlyRec.removeAll(a);
        return "the .so has " + abbreviate(onlySo) + " where the recorder has " + abbreviate(onlyRec);
    }

    private static String abbreviate(List<String> items) {
        if (items.isEmpty()) {
            return "nothing more";
        }
        return items.size() <= 4 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 4)) + " and " + (items.size() - 4) + " more";
    }

    private static void finish(Die die, Map<Long, Struct> structs) {
        if (die == null) {
            return;
        }
        switch (die.tag) {
            case "DW_TAG_structure_type", "DW_TAG_class_type", "DW_TAG_union_type" -> {
                if (!die.attrs.containsKey("DW_AT_declaration")) {
                    String name = die.attrs.get("DW_AT_name");
                    String size = die.attrs.get("DW_AT_byte_size");
                    structs.put(die.offset, new Struct(name == null ? null : normalize(stringValue(name)),
                            size == null ? -1 : parseNumber(size)));
                }
            }
            case "DW_TAG_member", "DW_TAG_inheritance" -> {
                Struct owner = structs.get(die.parent);
                if (owner == null || die.attrs.containsKey("DW_AT_declaration")) {
                    return;
                }
                String loc = die.attrs.get("DW_AT_data_member_location");
                long at = loc == null ? 0 : location(loc);
                String name = die.attrs.get("DW_AT_name");
                Matcher ref = REF.matcher(die.attrs.getOrDefault("DW_AT_type", ""));
                long type = ref.find() ? Long.parseLong(ref.group(1), 16) : -1;
                owner.members.add(new Member(die.tag.equals("DW_TAG_inheritance"), name == null ? "(anonymous)"
                        : stringValue(name), at, type));
            }
            default -> {
            }
        }
    }

    private static String describe(Struct s, Map<Long, Struct> structs) {
        List<String> members = new ArrayList<>();
        flatten(s, "", 0, structs, members, 0);
        return "size=" + s.size + "; " + String.join(", ", members);
    }

    private static void flatten(Struct s, String prefix, long base, Map<Long, Struct> structs, List<String> out,
            int depth) {
        for (Member m : s.members) {
            if (m.base) {
                Struct b = structs.get(m.type);
                if (b != null && depth < 16) {
                    flatten(b, prefix, base + m.offset, structs, out, depth + 1);
                } else {
                    out.add(prefix + "(base)@" + (base + m.offset));
                }
            } else {
                out.add(prefix + m.name + "@" + (base + m.offset));
            }
        }
    }

    /** The text of a name attribute: readelf prints indirect strings as {@code (indirect string, offset: 0x..): name}. */
    private static String stringValue(String v) {
        if (v.startsWith("(")) {
            int at = v.indexOf("): ");
            if (at >= 0) {
                return v.substring(at + 3);
            }
        }
        return v;
    }

    /** A type name without spaces and without integer suffixes in template arguments ({@code Arg<32UL, 16UL>}). */
    static String normalize(String name) {
        return name.replace(" ", "").replaceAll("(?<=[<,])(\\d+)[uUlL]+(?=[,>])", "$1");
    }

    private static long location(String v) {
        Matcher m = PLUS_UCONST.matcher(v);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        return parseNumber(v);
    }

    private static long parseNumber(String v) {
        String t = v.trim();
        int sp = t.indexOf(' ');
        if (sp > 0) {
            t = t.substring(0, sp);
        }
        try {
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class Die {
        final String tag;
        final long offset;
        final long parent;
        final Map<String, String> attrs = new HashMap<>();

        Die(String tag, long offset, long parent) {
            this.tag = tag;
            this.offset = offset;
            this.parent = parent;
        }
    }

    private static final class Struct {
        final String name;
        final long size;
        final List<Member> members = new ArrayList<>();

        Struct(String name, long size) {
            this.name = name;
            this.size = size;
        }
    }

    private record Member(boolean base, String name, long offset, long type) {
    }
}
