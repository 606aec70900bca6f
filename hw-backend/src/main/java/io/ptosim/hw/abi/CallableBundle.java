package io.ptosim.hw.abi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A callable described by a {@code callable.json} manifest: an orchestration shared object with its entry,
 * config name and signature, and the kernels it launches. Paths in the manifest are relative to a base
 * directory the caller gives (a hardware "home"); every path here is already resolved and exists.
 *
 * <p>Manifest format (all fields required unless noted, no other fields allowed):
 *
 * <pre>{@code
 * {
 *   "name": "vector_example",
 *   "orchestration": "artifacts/orch.so",
 *   "entry": "aicpu_orchestration_entry",     // ChipCallable func_name, at most 63 ASCII characters
 *   "config_name": "",                        // optional, default "", at most 63 ASCII characters
 *   "signature": ["IN", "IN", "OUT"],         // SCALAR, IN, OUT or INOUT; at most 256
 *   "kernels": [                              // at most 1024, func_id unique and >= 0
 *     {"func_id": 0, "core_type": "aiv", "signature": ["IN", "IN", "OUT"], "binary": "artifacts/k0.so"}
 *   ],
 *   "reference": "artifacts/callable.bin"     // optional: bytes simpler's own tooling produced
 * }
 * }</pre>
 *
 * @param manifest the manifest this was read from, for messages
 * @param name the callable's name
 * @param orchestration the orchestration shared object
 * @param entry the orchestration entry symbol, written as the ChipCallable's func_name
 * @param configName the ChipCallable's config name
 * @param signature the orchestration's argument directions
 * @param kernels the child kernels in manifest order
 * @param reference the ChipCallable bytes simpler's tooling produced, if named
 */
public record CallableBundle(
        String manifest,
        String name,
        Path orchestration,
        String entry,
        String configName,
        List<ArgDirection> signature,
        List<Kernel> kernels,
        Optional<Path> reference) {

    /** Name of the manifest file in a callable directory. */
    public static final String MANIFEST = "callable.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS =
            Set.of("name", "orchestration", "entry", "config_name", "signature", "kernels", "reference");
    private static final Set<String> KERNEL_FIELDS = Set.of("func_id", "core_type", "signature", "binary");

    /**
     * One child kernel of a callable.
     *
     * @param funcId the id the orchestration launches it by
     * @param coreType the unit it runs on
     * @param signature its argument directions
     * @param binary its compiled binary
     */
    public record Kernel(int funcId, CoreType coreType, List<ArgDirection> signature, Path binary) {
        /** Copies the signature. */
        public Kernel {
            signature = List.copyOf(signature);
        }
    }

    /** Copies the lists. */
    public CallableBundle {
        signature = List.copyOf(signature);
        kernels = List.copyOf(kernels);
    }

    /** Reads and validates a manifest file, resolving its paths against {@code base}. */
    public static CallableBundle read(Path manifest, Path base) {
        String text;
        try {
            text = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read callable manifest " + manifest, e);
        }
        return parse(text, manifest.toString(), base);
    }

    /** Reads and validates a manifest on the class path (e.g. {@code io/ptosim/hw/callables/vector_example/callable.json}). */
    public static CallableBundle readResource(String resource, Path base) {
        try (InputStream in = CallableBundle.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no callable manifest on the class path at " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource, base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read callable manifest classpath:" + resource, e);
        }
    }

    /** Validates manifest text; {@code source} names it in errors. */
    public static CallableBundle parse(String json, String source, Path base) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        Reader r = new Reader(source, base);
        if (root == null || !root.isObject()) {
            throw r.error("", "expected a JSON object");
        }
        r.onlyFields(root, "", FIELDS);
        String name = r.text(root, "name", false);
        if (name.isEmpty()) {
            throw r.error("name", "expected a non-empty string");
        }
        Path orchestration = r.file(root, "orchestration");
        String entry = r.symbol(root, "entry", false);
        String configName = root.has("config_name") ? r.symbol(root, "config_name", true) : "";
        List<ArgDirection> signature = r.signature(root, "signature", ChipCallableDescriptor.MAX_SIGNATURE);
        JsonNode ks = root.get("kernels");
        if (ks == null || !ks.isArray()) {
            throw r.error("kernels", "expected an array of kernel objects");
        }
        if (ks.size() > ChipCallableDescriptor.MAX_CHILDREN) {
            throw r.error("kernels", "has " + ks.size() + " entries; at most " + ChipCallableDescriptor.MAX_CHILDREN);
        }
        List<Kernel> kernels = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < ks.size(); i++) {
            JsonNode k = ks.get(i);
            String at = "kernels[" + i + "]";
            if (!k.isObject()) {
                throw r.error(at, "expected a kernel object");
            }
            r.onlyFields(k, at + ".", KERNEL_FIELDS);
            JsonNode id = k.get("func_id");
            if (id == null || !id.canConvertToInt() || !id.isIntegralNumber() || id.intValue() < 0) {
                throw r.error(at + ".func_id", "expected a non-negative integer, got " + id);
            }
            if (!ids.add(id.intValue())) {
                throw r.error(at + ".func_id", "func_id " + id.intValue() + " appears twice");
            }
            String core = r.text(k, "core_type", false, at + ".core_type");
            CoreType coreType =
                    switch (core) {
                        case "aic" -> CoreType.AIC;
                        case "aiv" -> CoreType.AIV;
                        default -> throw r.error(at + ".core_type", "expected \"aic\" or \"aiv\", got \"" + core + "\"");
                    };
            List<ArgDirection> sig = r.signature(k, "signature", CoreCallableDescriptor.CORE_MAX_TENSOR_ARGS, at + ".signature");
            kernels.add(new Kernel(id.intValue(), coreType, sig, r.file(k, "binary", at + ".binary")));
        }
        Optional<Path> reference = root.has("reference") ? Optional.of(r.file(root, "reference")) : Optional.empty();
        return new CallableBundle(source, name, orchestration, entry, configName, signature, kernels, reference);
    }

    /** Field readers that name the manifest and field in every error. */
    private record Reader(String source, Path base) {

        IllegalArgumentException error(String field, String what) {
            return new IllegalArgumentException(source + (field.isEmpty() ? "" : ": " + field) + ": " + what);
        }

        void onlyFields(JsonNode node, String prefix, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw error(prefix + f, "unknown field; expected one of " + new TreeSet<>(allowed));
                }
            }
        }

        String text(JsonNode node, String field, boolean optional) {
            return text(node, field, optional, field);
        }

        String text(JsonNode node, String field, boolean optional, String at) {
            JsonNode v = node.get(field);
            if (v == null && optional) {
                return "";
            }
            if (v == null || !v.isTextual()) {
                throw error(at, "expected a string, got " + (v == null ? "nothing" : v.getNodeType().toString().toLowerCase(Locale.ROOT)));
            }
            return v.textValue();
        }

        String symbol(JsonNode node, String field, boolean mayBeEmpty) {
            String s = text(node, field, false);
            if (s.isEmpty() && !mayBeEmpty) {
                throw error(field, "expected a non-empty name");
            }
            if (s.length() >= ChipCallableDescriptor.NAME_SIZE || !s.chars().allMatch(c -> c > 0 && c < 128)) {
                throw error(field, "expected at most " + (ChipCallableDescriptor.NAME_SIZE - 1)
                        + " ASCII characters without NUL, got \"" + s + "\"");
            }
            return s;
        }

        List<ArgDirection> signature(JsonNode node, String field, int max) {
            return signature(node, field, max, field);
        }

        List<ArgDirection> signature(JsonNode node, String field, int max, String at) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) {
                throw error(at, "expected an array of SCALAR, IN, OUT or INOUT");
            }
            if (v.size() > max) {
                throw error(at, "has " + v.size() + " entries; at most " + max);
            }
            List<ArgDirection> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode d = v.get(i);
                try {
                    out.add(ArgDirection.valueOf(d.isTextual() ? d.textValue() : "?"));
                } catch (IllegalArgumentException e) {
                    throw error(at + "[" + i + "]", "expected SCALAR, IN, OUT or INOUT, got " + d);
                }
            }
            return out;
        }

        Path file(JsonNode node, String field) {
            return file(node, field, field);
        }

        Path file(JsonNode node, String field, String at) {
            String rel = text(node, field, false, at);
            if (rel.isEmpty()) {
                throw error(at, "expected a path relative to the base directory");
            }
            Path p = base.resolve(rel).normalize();
            if (!Files.isRegularFile(p)) {
                throw error(at, p + " does not exist (base directory " + base + ")");
            }
            return p;
        }
    }
}
