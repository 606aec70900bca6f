package io.ptosim.chip;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.platform.Platform;
import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Task;
import io.ptosim.runtime.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sync-start drain pinned: no built-in workload has a {@code require_sync_start} task, so the
 * pinned table does not hold it. Seeded programs of AIC, AIV and MIX tasks of 1 to 48 blocks, a third
 * of them sync-start, on a2a3 and a5 with 1 to 4 scheduler threads, each with its digest and elapsed
 * as the chip gave them when {@link SyncStart} was split out of the scheduler threads (the same as
 * before the split, over 400 such programs). A change that moves one says why in its commit.
 */
class SyncStartTest {
    private static final KernelTable KERNELS = KernelTable.of(
            new Kernel(0, "cube", CoreType.AIC, new DurationModel.Fixed(1_000)),
            new Kernel(1, "vec", CoreType.AIV, new DurationModel.Fixed(500)),
            new Kernel(2, "vec2", CoreType.AIV, new DurationModel.Fixed(700)),
            new Kernel(4, "long-vec", CoreType.AIV, new DurationModel.Fixed(100_000)),
            new Kernel(5, "mid-vec", CoreType.AIV, new DurationModel.Fixed(50_000)),
            new Kernel(6, "long-cube", CoreType.AIC, new DurationModel.Fixed(100_000)),
            new Kernel(7, "stream", CoreType.AIV, new DurationModel.FromWork(c -> new Work(1000, 1 << 20, 0))));

    private record Case(Program program, String platform, Map<String, String> settings, int syncTasks) {
    }

    private static Case generate(long seed) {
        RandomStream r = new RandomStreams(seed).stream("sync-start-program");
        Orchestration o = new Orchestration("sync-" + seed);
        List<Task> tasks = new ArrayList<>();
        int count = 10 + r.nextInt(80);
        int sync = 0;
        for (int i = 0; i < count; i++) {
            Args a = args();
            if (!tasks.isEmpty() && r.nextInt(3) == 0) {
                a.input(tasks.get(r.nextInt(tasks.size())).output(0));
            }
            a.output(DataType.FLOAT32, 16);
            int kind = r.nextInt(3);
            int limit = kind == 1 ? 48 : 24;
            a.blockNum(1 + r.nextInt(r.nextBoolean() ? 2 : limit));
            if (r.nextInt(3) == 0) {
                a.requireSyncStart();
                sync++;
            }
            tasks.add(switch (kind) {
                case 0 -> o.submitAic(r.nextBoolean() ? 0 : 6, a);
                case 1 -> o.submitAiv(new int[] {1, 2, 4, 5, 7}[r.nextInt(5)], a);
                default -> o.submitMixed(r.nextBoolean() ? 0 : 6, new int[] {1, 5, 7}[r.nextInt(3)],
                        r.nextBoolean() ? -1 : 2, a);
            });
        }
        String platform = r.nextBoolean() ? "a2a3" : "a5";
        Map<String, String> settings = r.nextBoolean() ? Map.of()
                : Map.of("topology.schedulerThreads", Integer.toString(1 + r.nextInt(4)));
        return new Case(o.build(), platform, settings, sync);
    }

    /** seed, digest, elapsed ns. */
    private static final Object[][] PINNED = {
        {1L, "4d2ce8b45a75f1b1", 650192L},
        {2L, "bf2df00370386eb0", 475729L},
        {3L, "8d70f65520758b85", 289529L},
        {4L, "4dd5a727ace218b6", 215369L},
        {5L, "5f0660a843e38fa3", 898614L},
        {6L, "47788960f82d199e", 344479L},
        {7L, "2456f082a1a4d9b6", 942299L},
        {8L, "57d7ee633fac2458", 985203L},
    };

    @Test
    void seededSyncStartProgramsKeepTheirDigestAndElapsed() {
        StringBuilder got = new StringBuilder();
        for (Object[] row : PINNED) {
            Case c = generate((Long) row[0]);
            assertThat(c.syncTasks()).as("seed %s exercises the drain", row[0]).isPositive();
            RunSummary s = new Chip(Platform.load(c.platform(), c.settings()), c.program(), KERNELS, Map.of(), false, 0)
                    .run();
            assertThat(s.completed()).as(s.error()).isTrue();
            got.append(row[0]).append(' ').append(s.digest()).append(' ').append(s.elapsedNs()).append('\n');
        }
        StringBuilder want = new StringBuilder();
        for (Object[] row : PINNED) {
            want.append(row[0]).append(' ').append(row[1]).append(' ').append(row[2]).append('\n');
        }
        assertThat(got.toString()).isEqualTo(want.toString());
    }
}
