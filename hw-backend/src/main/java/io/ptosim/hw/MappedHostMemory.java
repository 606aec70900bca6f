package io.ptosim.hw;

import io.ptosim.spi.HostMemory;
import io.ptosim.spi.HostRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The node's host memory on a native backend: every {@link HostRegion} (host buffers, heap rings) lives
 * in one file under the shared-memory folder, mapped by the node and by every chip-worker process, so
 * a worker hands simpler pointers into the very bytes the node reads and writes. Regions sit in the file
 * one after another, each at a page-aligned offset; the file is sparse until touched.
 */
public final class MappedHostMemory implements HostMemory, AutoCloseable {
    private static final long PAGE = 4096;

    /**
     * Where a region lies in the file.
     *
     * @param region the node's address range
     * @param fileOffset its first byte in the file
     */
    public record Placement(HostRegion region, long fileOffset) {
    }

    private final Path file;
    private final List<Placement> placements;
    private final MappedByteBuffer[] maps;

    private MappedHostMemory(Path file, List<Placement> placements, MappedByteBuffer[] maps) {
        this.file = file;
        this.placements = placements;
        this.maps = maps;
    }

    /**
     * Creates the file in {@code folder} and maps {@code regions}.
     *
     * @throws IllegalArgumentException if regions overlap or one exceeds 2 GiB
     */
    public static MappedHostMemory create(Path folder, List<HostRegion> regions) {
        List<HostRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingLong(HostRegion::addr));
        List<Placement> placements = new ArrayList<>();
        long offset = 0;
        HostRegion previous = null;
        for (HostRegion r : sorted) {
            if (previous != null && r.addr() < previous.end()) {
                throw new IllegalArgumentException("host regions '" + previous.name() + "' and '" + r.name() + "' overlap");
            }
            if (r.bytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("host region '" + r.name() + "' has " + r.bytes()
                        + " bytes; a shared region holds at most " + Integer.MAX_VALUE + " (set hw.heapBytes lower)");
            }
            placements.add(new Placement(r, offset));
            offset += (r.bytes() + PAGE - 1) / PAGE * PAGE;
            previous = r;
        }
        try {
            Path file = Files.createTempFile(folder, "ptosim-host-", ".mem");
            SharedFiles.track(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                if (offset > 0) {
                    ch.write(java.nio.ByteBuffer.allocate(1), offset - 1);
                }
                return new MappedHostMemory(file, List.copyOf(placements), map(ch, placements, FileChannel.MapMode.READ_WRITE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared host memory in " + folder, e);
        }
    }

    static MappedByteBuffer[] map(FileChannel ch, List<Placement> placements, FileChannel.MapMode mode)
            throws IOException {
        MappedByteBuffer[] maps = new MappedByteBuffer[placements.size()];
        for (int i = 0; i < maps.length; i++) {
            Placement p = placements.get(i);
            maps[i] = ch.map(mode, p.fileOffset(), p.region().bytes());
            maps[i].order(ByteOrder.LITTLE_ENDIAN);
        }
        return maps;
    }

    /** The shared file. */
    public Path file() {
        return file;
    }

    /** Where each region lies in the file, by address. */
    public List<Placement> placements() {
        return placements;
    }

    @Override
    public void readBytes(long addr, byte[] dst, int offset, int length) {
        int i = find(addr, length);
        maps[i].get((int) (addr - placements.get(i).region().addr()), dst, offset, length);
    }

    @Override
    public void writeBytes(long addr, byte[] src, int offset, int length) {
        int i = find(addr, length);
        maps[i].put((int) (addr - placements.get(i).region().addr()), src, offset, length);
    }

    private int find(long addr, long length) {
        for (int i = 0; i < placements.size(); i++) {
            HostRegion r = placements.get(i).region();
            if (addr >= r.addr() && addr + length <= r.end()) {
                return i;
            }
        }
        throw new IllegalArgumentException("host range [0x" + Long.toHexString(addr) + ", +" + length
                + ") lies in no shared host region");
    }

    /** Deletes the file (the mappings stay valid until collected). */
    @Override
    public void close() {
        try {
            SharedFiles.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
