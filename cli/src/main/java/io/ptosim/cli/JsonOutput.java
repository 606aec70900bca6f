package io.ptosim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The object mapper of the commands' {@code --json} output, made on first use: building one costs a
 * cold JVM about 0.2 s, which a plain-text run need not pay.
 */
final class JsonOutput {
    private JsonOutput() {
    }

    /** The shared mapper. */
    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
