package io.ptosim.hw;

import io.ptosim.spi.HostRegion;
import java.nio.file.Path;
import java.util.List;

/** A process that makes shared host memory in the folder it is given and exits without closing it. */
final class ExitWithoutClosing {
    private ExitWithoutClosing() {
    }

    public static void main(String[] args) {
        MappedHostMemory.create(Path.of(args[0]), List.of(new HostRegion("x", 0x1000, 4096)));
        System.exit(0);
    }
}
