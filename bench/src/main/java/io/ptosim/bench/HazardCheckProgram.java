package io.ptosim.bench;

import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.GeneratedOps;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated program for the hazard checker at scale: {@code buffers} external buffers of {@code rows}
 * rows each, whose rows are rewritten group after group, slot after slot. Group {@code g} works on slot
 * {@code g mod (buffers * rows)} (buffer {@code slot mod buffers}, row {@code slot / buffers}) with five
 * tasks: a producer rewrites the row (INOUT) after reading the collector output of the row's previous
 * group; a consumer reads the whole row and two readers one half each (fan-out), each into a new
 * buffer; a collector reads those three. So each rewrite follows the previous one of its row through the
 * TensorMap and the previous readers through a path of creator edges (reader, collector, producer):
 * write-after-read the runtime does not track, made safe by data flow. Every {@code breakEvery}-th
 * group's producer skips the collector output, which leaves the three readers of the row's previous
 * group unordered with every later rewrite of their row: {@link #expectedHazards} write-after-read
 * findings. Ops are computed from their index, so any length costs no memory until the checker reads it.
 *
 * @param groups groups of five tasks
 * @param buffers external buffers
 * @param rows rows per buffer (groups on one row are {@code buffers * rows} groups apart)
 * @param breakEvery every how many groups a producer skips the collector output
 */
public record HazardCheckProgram(int groups, int buffers, int rows, int breakEvery) {
    /** Tasks per group. */
    public static final int TASKS_PER_GROUP = 5;
    private static final int WIDTH = 64;
    private static final int[] AIC = {0, -1, -1};
    private static final int[] AIV = {-1, 1, -1};

    /**
     * The 10^6-task program the benchmark measures: 200,000 groups over 1,000 buffers of 10 rows, every
     * 997th broken.
     */
    public static HazardCheckProgram million() {
        return new HazardCheckProgram(200_000, 1_000, 10, 997);
    }

    /** The program. */
    public Program program() {
        List<ExternalBuffer> externals = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        for (int b = 0; b < buffers; b++) {
            externals.add(new ExternalBuffer("rows" + b, 0x1_0000_0000L + b * 0x1_0000L, (long) rows * WIDTH * 4,
                    DataType.FLOAT32));
            tensors.add(Tensor.rowMajor(new BufferRef.External(b), DataType.FLOAT32, rows, WIDTH));
        }
        return new Program("hazard-check-" + groups * TASKS_PER_GROUP, externals,
                new GeneratedOps(groups * TASKS_PER_GROUP, i -> op(i, tensors)));
    }

    private int slots() {
        return buffers * rows;
    }

    /** Whether group {@code g}'s producer skips the collector output of its row's previous group. */
    boolean broken(int g) {
        return g >= slots() && g % breakEvery == 0;
    }

    /**
     * The findings the checker must report: the three readers of group {@code h} are unordered with every
     * later producer on their row when the row's next group is broken.
     */
    public long expectedHazards() {
        long hazards = 0;
        for (int h = 0; h + slots() < groups; h++) {
            if (broken(h + slots())) {
                hazards += 3L * ((groups - 1 - h) / slots());
            }
        }
        return hazards;
    }

    private Op op(int i, List<Tensor> tensors) {
        int g = i / TASKS_PER_GROUP;
        int first = g * TASKS_PER_GROUP;
        int slot = g % slots();
        Tensor ring = tensors.get(slot % buffers);
        long row = slot / buffers;
        Tensor whole = ring.view(new int[] {1, WIDTH}, new long[] {row, 0});
        return switch (i - first) {
            case 0 -> {
                List<Arg> args = new ArrayList<>();
                args.add(new Arg.TensorArg(TensorArgType.INOUT, whole));
                if (g >= slots() && !broken(g)) {
                    args.add(input(first - slots() * TASKS_PER_GROUP + 4, WIDTH));
                }
                yield submit(AIC, args);
            }
            case 1 -> submit(AIV, List.of(new Arg.TensorArg(TensorArgType.INPUT, whole), out(WIDTH)));
            case 2, 3 -> submit(AIV, List.of(new Arg.TensorArg(TensorArgType.INPUT, ring.view(
                    new int[] {1, WIDTH / 2}, new long[] {row, (i - first - 2L) * WIDTH / 2})), out(WIDTH / 2)));
            default -> submit(AIC, List.of(input(first + 1, WIDTH), input(first + 2, WIDTH / 2),
                    input(first + 3, WIDTH / 2), out(WIDTH)));
        };
    }

    private static Arg.TensorArg input(int op, int width) {
        return new Arg.TensorArg(TensorArgType.INPUT, Tensor.rowMajor(new BufferRef.Output(op, 0), DataType.FLOAT32,
                width));
    }

    private static Arg.OutputArg out(int width) {
        return new Arg.OutputArg(DataType.FLOAT32, new int[] {width}, false);
    }

    private static Op submit(int[] kernels, List<Arg> args) {
        return new Op.Submit(kernels, args, List.of(), 1, false, false);
    }
}
