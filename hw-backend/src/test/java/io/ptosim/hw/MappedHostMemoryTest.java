package io.ptosim.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.hw.MappedHostMemory.Placement;
import io.ptosim.spi.HostRegion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's host regions in one shared file: page-aligned placement, reads and writes, range and overlap checks, clean-up. */
class MappedHostMemoryTest {
    private static final HostRegion RING = new HostRegion("heap ring", 0x20000, 5000);
    private static final HostRegion A = new HostRegion("a", 0x1000, 100);
    private static final HostRegion B = new HostRegion("b", 0x2000, 4096);

    @Test
    void regionsLieInAddressOrderAtPageAlignedOffsets(@TempDir Path tmp) throws Exception {
        try (MappedHostMemory m = MappedHostMemory.create(tmp, List.of(RING, A, B))) {
            assertThat(m.placements()).containsExactly(new Placement(A, 0), new Placement(B, 4096),
                    new Placement(RING, 8192));
            assertThat(m.file().getParent()).isEqualTo(tmp);
            assertThat(m.file().getFileName().toString()).startsWith("ptosim-host-").endsWith(".mem");
            assertThat(Files.size(m.file())).as("the ring's 5000 bytes round up to two pages").isEqualTo(16384);
        }
    }

    @Test
    void bytesWrittenAreReadBackAndLieAtTheirRegionsOffsetInTheFile(@TempDir Path tmp) throws Exception {
        try (MappedHostMemory m = MappedHostMemory.create(tmp, List.of(RING, A, B))) {
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            m.writeBytes(0x2000 + 10, hello, 0, 5);
            m.writeBytes(0x20000 + 4999, new byte[] {0x7f}, 0, 1);
            byte[] back = new byte[8];
            m.readBytes(0x2000 + 9, back, 1, 7);
            assertThat(back).containsExactly(0, 0, 'h', 'e', 'l', 'l', 'o', 0);
            byte[] last = new byte[1];
            m.readBytes(0x20000 + 4999, last, 0, 1);
            assertThat(last).containsExactly(0x7f);

            byte[] file = Files.readAllBytes(m.file());
            assertThat(Arrays.copyOfRange(file, 4096 + 10, 4096 + 15)).isEqualTo(hello);
            assertThat(file[8192 + 4999]).isEqualTo((byte) 0x7f);
            assertThat(file[10]).as("region a untouched").isZero();
        }
    }

    @Test
    void aRangeOutsideEveryRegionIsRejectedByName(@TempDir Path tmp) {
        try (MappedHostMemory m = MappedHostMemory.create(tmp, List.of(A, B))) {
            assertThatThrownBy(() -> m.readBytes(0x1000 + 90, new byte[20], 0, 20))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("host range [0x105a, +20) lies in no shared host region");
            assertThatThrownBy(() -> m.writeBytes(0x1800, new byte[4], 0, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("host range [0x1800, +4) lies in no shared host region");
        }
    }

    @Test
    void overlappingRegionsAreRejected(@TempDir Path tmp) {
        HostRegion inside = new HostRegion("inside", 0x1000 + 99, 8);
        assertThatThrownBy(() -> MappedHostMemory.create(tmp, List.of(inside, B, A)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("host regions 'a' and 'inside' overlap");
        assertThat(tmp).isEmptyDirectory();
        HostRegion touching = new HostRegion("touching", 0x1000 + 100, 8);
        try (MappedHostMemory m = MappedHostMemory.create(tmp, List.of(A, touching))) {
            assertThat(m.placements()).extracting(Placement::fileOffset).containsExactly(0L, 4096L);
        }
    }

    @Test
    void closeDeletesTheFile(@TempDir Path tmp) {
        MappedHostMemory m = MappedHostMemory.create(tmp, List.of(A));
        Path file = m.file();
        assertThat(file).exists();
        m.close();
        assertThat(file).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
        m.close();
    }
}
