package io.ptosim.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.runtime.DataType;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ContinuousTensor;
import io.ptosim.spi.ContinuousTensorDescriptor;
import io.ptosim.spi.TaskArgs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The V1 mailbox (spec §9.2) and its args blob (spec §2), with scenarios 39 and 40 of spec §15. */
class MailboxTest {
    private static final ContinuousTensor HOST = new ContinuousTensor(0x1000, new int[] {4, 4}, DataType.FLOAT32,
            false);
    private static final ContinuousTensor CHILD = new ContinuousTensor(0x2000, new int[] {16}, DataType.FLOAT32,
            true);

    @Test
    void scenario39TheFortyByteTensorAndItsChildMemoryFlagRoundTrip() {
        assertThat(ContinuousTensorDescriptor.SIZE).isEqualTo(40);
        assertThat(new ContinuousTensor(0, new int[] {1}, DataType.INT8, false).childMemory()).isFalse();
        ContinuousTensor dead = new ContinuousTensor(0xDEAD0000L, new int[] {16}, DataType.FLOAT32, true);
        assertThat(dead.childMemory()).isTrue();
        assertThat(dead.nbytes()).isEqualTo(64);
        TaskArgs args = new TaskArgs(List.of(HOST, CHILD), new long[] {42});
        ByteBuffer raw = newFrame();
        Mailbox m = over(raw);
        m.postTask(7, ChipCallConfig.DEFAULT, args);
        assertThat(raw.getInt(64)).as("T").isEqualTo(2);
        assertThat(raw.getInt(68)).as("S").isEqualTo(1);
        assertThat(raw.get(64 + 8 + ContinuousTensorDescriptor.CHILD_MEMORY)).as("first tensor's byte 33").isEqualTo(
                (byte) 0);
        assertThat(raw.get(64 + 8 + 40 + ContinuousTensorDescriptor.CHILD_MEMORY)).as("second tensor's byte 33")
                .isEqualTo((byte) 1);
        assertThat(raw.getLong(64 + 8 + 40)).isEqualTo(0x2000);
        assertThat(raw.getLong(64 + 8 + 80)).as("the scalar after the tensors").isEqualTo(42);
        assertThat(args.blobBytes()).isEqualTo(8 + 80 + 8);
        Mailbox.Task task = m.takeTask();
        assertThat(task.args()).isEqualTo(args);
        assertThat(task.args().tensors().get(1).childMemory()).isTrue();
        assertThat(task.callable()).isEqualTo(7);
        assertThat(task.config()).isEqualTo(ChipCallConfig.DEFAULT);
    }

    @Test
    void scenario40ControlMallocOverTheMailbox() {
        ByteBuffer raw = newFrame();
        Mailbox m = over(raw);
        assertThat(m.state()).isEqualTo(MailboxState.IDLE);
        assertThat(m.postControl(ControlCommand.MALLOC, 4096, 0, 0)).isTrue();
        assertThat(raw.getLong(8)).as("sub-command MALLOC @8").isEqualTo(0);
        assertThat(raw.getLong(16)).as("size @16").isEqualTo(4096);
        assertThat(raw.getInt(0)).as("state CONTROL_REQUEST").isEqualTo(4);
        Mailbox.Control c = m.takeControl();
        assertThat(c).isEqualTo(new Mailbox.Control(ControlCommand.MALLOC, 4096, 0, 0));
        m.finishControl(0x7000_0000L, 0);
        assertThat(raw.getLong(40)).as("pointer @40").isEqualTo(0x7000_0000L);
        assertThat(raw.getInt(0)).as("state CONTROL_DONE").isEqualTo(5);
        assertThat(m.collectControl()).isEqualTo(0x7000_0000L);
        assertThat(m.state()).isEqualTo(MailboxState.IDLE);

        assertThat(m.postControl(ControlCommand.MALLOC, 1 << 30, 0, 0)).isTrue();
        m.takeControl();
        m.finishControl(0, 1);
        assertThatThrownBy(m::collectControl).isInstanceOf(Mailbox.ControlFailedException.class)
                .hasMessage("control_malloc failed on child (error 1)");
        assertThat(m.state()).as("V1's parent leaves the state at CONTROL_DONE").isEqualTo(MailboxState.CONTROL_DONE);
    }

    @Test
    void aControlRequestNeverOverwritesARunningTasksFrame() {
        Mailbox m = Mailbox.create();
        TaskArgs args = new TaskArgs(List.of(HOST), new long[] {1, 2});
        m.postTask(9, ChipCallConfig.DEFAULT, args);
        assertThat(m.postControl(ControlCommand.COPY_TO, 0x10, 0x20, 0x30)).as("refused while the task runs")
                .isFalse();
        assertThat(m.state()).isEqualTo(MailboxState.TASK_READY);
        Mailbox.Task task = m.takeTask();
        assertThat(task.callable()).isEqualTo(9);
        assertThat(task.args()).isEqualTo(args);
        m.finishTask(0);
        assertThat(m.postControl(ControlCommand.COPY_TO, 0x10, 0x20, 0x30)).as("refused until collected").isFalse();
        assertThat(m.collectTask()).isZero();
        assertThat(m.postControl(ControlCommand.COPY_TO, 0x10, 0x20, 0x30)).isTrue();
        assertThat(m.takeControl()).isEqualTo(new Mailbox.Control(ControlCommand.COPY_TO, 0x10, 0x20, 0x30));
    }

    @Test
    void aChildsTaskErrorReachesTheParent() {
        Mailbox m = Mailbox.create();
        m.postTask(3, new ChipCallConfig(8, 2, true, false), new TaskArgs(List.of(), new long[0]));
        assertThat(m.takeTask().config()).isEqualTo(new ChipCallConfig(8, 2, true, false));
        m.finishTask(2);
        assertThat(m.state()).isEqualTo(MailboxState.TASK_DONE);
        assertThat(m.collectTask()).as("the seed ignored it").isEqualTo(2);
        assertThat(m.state()).isEqualTo(MailboxState.IDLE);
        assertThatThrownBy(m::takeTask).isInstanceOf(IllegalStateException.class)
                .hasMessage("taking a task needs the mailbox in TASK_READY, it is IDLE");
    }

    @Test
    void startUpAndShutdownStates() {
        ByteBuffer raw = newFrame();
        Mailbox m = over(raw);
        m.reportInit(false, 99);
        assertThat(m.state()).isEqualTo(MailboxState.INIT_FAILED);
        assertThat(raw.getInt(MailboxDescriptor.ERROR)).isEqualTo(99);
        m.reportInit(true, 0);
        assertThat(m.state()).isEqualTo(MailboxState.INIT_READY);
        m.shutdown();
        assertThat(raw.getInt(0)).isEqualTo(3);
    }

    @Test
    void malformedFramesAreRejectedNamingOffsetAndField() {
        ByteBuffer b = ByteBuffer.allocate(MailboxDescriptor.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(64, 17);
        assertThatThrownBy(() -> Mailbox.decode(b, 64, MailboxDescriptor.ARGS_CAPACITY))
                .isInstanceOf(MailboxFormatException.class).hasMessage("args blob @64: tensor count 17; expected 0 to 16");
        b.putInt(64, 1).putInt(68, 0);
        b.putInt(64 + 8 + ContinuousTensorDescriptor.NDIMS, 6);
        assertThatThrownBy(() -> Mailbox.decode(b, 64, MailboxDescriptor.ARGS_CAPACITY))
                .hasMessage("tensor 0 @72: ndims 6; expected 1 to 5");
        b.putInt(64 + 8 + ContinuousTensorDescriptor.NDIMS, 1);
        b.put(64 + 8 + ContinuousTensorDescriptor.DTYPE, (byte) 200);
        assertThatThrownBy(() -> Mailbox.decode(b, 64, MailboxDescriptor.ARGS_CAPACITY))
                .hasMessage("tensor 0 @72: dtype code 200 is not a data type");
        b.putInt(64, 16).putInt(68, 128);
        assertThatThrownBy(() -> Mailbox.decode(b, 64, 500)).hasMessage("args blob @64: 16 tensors and 128 scalars"
                + " need 1672 bytes; the frame holds 500");
        b.putInt(0, 9);
        assertThatThrownBy(() -> new Mailbox(b).state()).hasMessage("state @0: unknown state code 9; expected 0 to 7");
        ByteBuffer control = newFrame();
        Mailbox m = over(control);
        m.postControl(ControlCommand.FREE, 0x10, 0, 0);
        control.putLong(MailboxDescriptor.SUB_COMMAND, 7);
        assertThatThrownBy(m::takeControl).hasMessage("sub-command @8: unknown code 7; expected 0 (MALLOC) to 3"
                + " (COPY_FROM), or ptosim's 100 (REGISTER_CALLABLE) and 101 (CLOSE)");
        assertThatThrownBy(() -> m.postTask(1, ChipCallConfig.DEFAULT, new TaskArgs(List.of(), new long[0])))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomArgsRoundTripAndMutatedFramesFailOnlyCleanly() {
        RandomStream random = new RandomStreams(20261122).stream("mailbox");
        int tries = Math.max(500, Integer.getInteger("ptosim.tries", 200));
        DataType[] types = DataType.values();
        for (int i = 0; i < tries; i++) {
            List<ContinuousTensor> tensors = new ArrayList<>();
            for (int t = random.nextInt(MailboxDescriptor.MAX_TENSORS + 1); t > 0; t--) {
                int[] shape = new int[1 + random.nextInt(ContinuousTensorDescriptor.MAX_DIMS)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = random.nextInt(1 << 16);
                }
                tensors.add(new ContinuousTensor(random.nextLong(), shape, types[random.nextInt(types.length)],
                        random.nextBoolean()));
            }
            long[] scalars = new long[random.nextInt(MailboxDescriptor.MAX_SCALARS + 1)];
            for (int s = 0; s < scalars.length; s++) {
                scalars[s] = random.nextLong();
            }
            TaskArgs args = new TaskArgs(tensors, scalars);
            ByteBuffer raw = newFrame();
            Mailbox m = over(raw);
            m.postTask(i, ChipCallConfig.DEFAULT, args);
            assertThat(m.takeTask().args()).as("try %d", i).isEqualTo(args);
            int at = MailboxDescriptor.ARGS + random.nextInt(args.blobBytes());
            raw.put(at, (byte) random.nextInt(256));
            try {
                Mailbox.decode(raw, MailboxDescriptor.ARGS, MailboxDescriptor.ARGS_CAPACITY);
            } catch (MailboxFormatException e) {
                assertThat(e.getMessage()).as("try %d, byte %d", i, at).doesNotContain("\n");
            } catch (RuntimeException e) {
                fail("seed 20261122 try " + i + ", byte " + at + " flipped: " + e, e);
            }
        }
    }

    /** A fresh mailbox over {@code raw}, which the test reads and writes directly. */
    private static Mailbox over(ByteBuffer raw) {
        return new Mailbox(raw);
    }

    private static ByteBuffer newFrame() {
        return ByteBuffer.allocate(MailboxDescriptor.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void twoMailboxesOverOneDirectBufferSeeEachOthersHandOffsAndNotes() {
        ByteBuffer shared = ByteBuffer.allocateDirect(MailboxDescriptor.SIZE);
        Mailbox parent = new Mailbox(shared.duplicate());
        Mailbox child = new Mailbox(shared.duplicate());
        child.reportInit(true, 0);
        assertThat(parent.acceptInit()).isZero();
        TaskArgs args = new TaskArgs(List.of(new ContinuousTensor(0x1000, new int[] {4}, DataType.FLOAT32, false)),
                new long[] {5});
        parent.postTask(3, ChipCallConfig.DEFAULT, args);
        assertThat(child.state()).isEqualTo(MailboxState.TASK_READY);
        assertThat(child.takeTask().args()).isEqualTo(args);
        child.writeNote("simpler_run returned -1");
        child.finishTask(-1);
        assertThat(parent.collectTask()).isEqualTo(-1);
        assertThat(parent.readNote()).isEqualTo("simpler_run returned -1");
        assertThat(parent.postControl(ControlCommand.REGISTER_CALLABLE, 0, 4096, 0)).isTrue();
        assertThat(child.takeControl()).isEqualTo(new Mailbox.Control(ControlCommand.REGISTER_CALLABLE, 0, 4096, 0));
    }

    @Test
    void aLongNoteIsCutToTheArgsAreaAndAGarbledLengthReadsAsNone() {
        Mailbox m = Mailbox.create();
        m.writeNote("x".repeat(5000));
        assertThat(m.readNote()).hasSize(MailboxDescriptor.ARGS_CAPACITY - 4);
        ByteBuffer frame = ByteBuffer.allocate(MailboxDescriptor.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(MailboxDescriptor.ARGS, 1 << 20);
        assertThat(new Mailbox(frame).readNote()).isEmpty();
    }

    @Test
    void ptosimsOwnControlCodesStayClearOfV1s() {
        assertThat(ControlCommand.of(100)).isEqualTo(ControlCommand.REGISTER_CALLABLE);
        assertThat(ControlCommand.of(101)).isEqualTo(ControlCommand.CLOSE);
        assertThatThrownBy(() -> ControlCommand.of(4)).isInstanceOf(MailboxFormatException.class)
                .hasMessageContaining("100 (REGISTER_CALLABLE)");
    }
}
