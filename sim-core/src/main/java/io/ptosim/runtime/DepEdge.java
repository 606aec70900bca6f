package io.ptosim.runtime;

/**
 * One producer-to-consumer fact the dependency rules derive (a row of {@code deps.json}'s edges).
 *
 * @param pred the producer task id
 * @param succ the consumer task id
 * @param arg the consumer's arg slot, -1 for an explicit edge
 * @param source why the edge exists
 * @param overlap the TensorMap overlap for {@link Source#TENSORMAP} and {@link Source#TENSORMAP_READER}
 *     edges, else null
 * @param consumer the consumer's view (null for explicit edges)
 * @param producer the producer's registered view (the two TensorMap sources only, else null)
 */
public record DepEdge(long pred, long succ, int arg, Source source, Overlap overlap, TensorView consumer,
        TensorView producer) {

    /** Why an edge exists. */
    public enum Source {
        /** Listed by {@code set_dependencies}. */
        EXPLICIT,
        /** The consumer's tensor was created by the producer. */
        CREATOR,
        /** A TensorMap lookup found the producer's registered write. */
        TENSORMAP,
        /**
         * A writer's TensorMap lookup found the producer's tracked read: write-after-read, only with reader
         * tracking ({@link TensorArgType#TRACKED_INPUT}).
         */
        TENSORMAP_READER
    }

    /** Whether a TensorMap lookup found the edge (a registered write or a tracked read). */
    public boolean fromTensorMap() {
        return source == Source.TENSORMAP || source == Source.TENSORMAP_READER;
    }

    /** Whether the edge keeps the producer's slot until the consumer completes (WAIT|RETAIN). */
    public boolean retains() {
        return !fromTensorMap();
    }
}
