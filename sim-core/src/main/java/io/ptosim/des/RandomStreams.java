package io.ptosim.des;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * All randomness of a run: named, independent {@link RandomStream}s split from one root seed.
 *
 * <p>Derivation (stable; a trace's seed must reproduce the run on any JVM): the seed of the stream
 * named {@code n} is {@code splitMix64(root ^ fingerprint(n))}, where {@code fingerprint} is Guava's
 * FarmHash Fingerprint64 of the UTF-8 bytes of {@code n}, a function its authors promise never to
 * change. A stream's numbers depend only on the root seed and its own name, so adding, removing or
 * reordering the use of other streams never changes them. Asking twice for the same name returns the
 * same stream object, so two components that share a name share its sequence.
 */
public final class RandomStreams {
    private final long rootSeed;
    private final Map<String, RandomStream> streams = new LinkedHashMap<>();

    /** Streams derived from {@code rootSeed}. */
    public RandomStreams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    /** The root seed every stream derives from. */
    public long rootSeed() {
        return rootSeed;
    }

    /**
     * The stream called {@code name} (e.g. {@code "kernel-jitter"}), created on first use.
     *
     * @throws IllegalArgumentException if the name is empty
     */
    public RandomStream stream(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("random stream name must not be empty");
        }
        return streams.computeIfAbsent(name, n -> new RandomStream(n, seedOf(rootSeed, n)));
    }

    /** The seed of the stream named {@code name} under {@code rootSeed}. */
    public static long seedOf(long rootSeed, String name) {
        long fingerprint = Hashing.farmHashFingerprint64().hashString(name, StandardCharsets.UTF_8).asLong();
        return Mix.splitMix64(rootSeed ^ fingerprint);
    }
}
