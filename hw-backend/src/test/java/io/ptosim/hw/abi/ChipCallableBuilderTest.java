package io.ptosim.hw.abi;

import static io.ptosim.hw.abi.ArgDirection.IN;
import static io.ptosim.hw.abi.ArgDirection.INOUT;
import static io.ptosim.hw.abi.ArgDirection.OUT;
import static io.ptosim.hw.abi.ArgDirection.SCALAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ChipCallableBuilderTest {

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void headerAndChildrenOfSyntheticBinaries() {
        byte[] out = ChipCallableBuilder.assemble(
                "orch_entry",
                "cfg",
                List.of(IN, IN, OUT),
                filled(100, 0x11),
                List.of(
                        new ChipCallableBuilder.Child(7, List.of(IN, OUT), filled(10, 0xAA)),
                        new ChipCallableBuilder.Child(3, List.of(SCALAR, IN, INOUT), filled(5, 0xBB))));
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);

        // child 0: storage 100 -> 128; ends 128+192+10 = 330 -> child 1 at 384; ends 384+192+5 = 581
        assertThat(out).hasSize(9376 + 581);
        assertThat(new int[] {b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12)}).containsExactly(1, 1, 2, 0);
        assertThat(b.getInt(1024)).as("sig_count").isEqualTo(3);
        assertThat(b.getInt(1028)).as("binary_size").isEqualTo(100);
        assertThat(new String(out, 1032, 11, StandardCharsets.US_ASCII)).isEqualTo("orch_entry\0");
        assertThat(b.getInt(1096)).as("func_name_len").isEqualTo(10);
        assertThat(new int[] {b.getInt(1100), b.getInt(1104), b.getInt(1108)}).containsExactly(7, 3, 0);
        assertThat(new int[] {b.getInt(5196), b.getInt(5200), b.getInt(5204)}).containsExactly(128, 384, 0);
        assertThat(b.getInt(9292)).as("child_count").isEqualTo(2);
        assertThat(new String(out, 9296, 4, StandardCharsets.US_ASCII)).isEqualTo("cfg\0");
        assertThat(b.getInt(9360)).as("config_name_len").isEqualTo(3);
        assertThat(out[9376]).isEqualTo((byte) 0x11);
        assertThat(out[9376 + 99]).isEqualTo((byte) 0x11);
        assertThat(Arrays.copyOfRange(out, 9376 + 100, 9376 + 128)).containsOnly(0);

        int c0 = 9376 + 128;
        assertThat(new int[] {b.getInt(c0), b.getInt(c0 + 4), b.getInt(c0 + 8)}).containsExactly(1, 2, 0);
        assertThat(b.getInt(c0 + 128)).as("child 0 sig_count").isEqualTo(2);
        assertThat(b.getInt(c0 + 132)).as("child 0 binary_size").isEqualTo(10);
        assertThat(b.getLong(c0 + 136)).as("child 0 resolved_addr").isZero();
        assertThat(Arrays.copyOfRange(out, c0 + 140, c0 + 192)).containsOnly(0);
        assertThat(Arrays.copyOfRange(out, c0 + 192, c0 + 202)).containsOnly((byte) 0xAA);
        assertThat(Arrays.copyOfRange(out, c0 + 202, 9376 + 384)).containsOnly(0);

        int c1 = 9376 + 384;
        assertThat(new int[] {b.getInt(c1), b.getInt(c1 + 4), b.getInt(c1 + 8)}).containsExactly(0, 1, 3);
        assertThat(b.getInt(c1 + 128)).isEqualTo(3);
        assertThat(b.getInt(c1 + 132)).isEqualTo(5);
        assertThat(Arrays.copyOfRange(out, c1 + 192, out.length)).containsOnly((byte) 0xBB);
    }

    @Test
    void orchestrationEndingOnTheAlignmentNeedsNoPadding() {
        byte[] out = ChipCallableBuilder.assemble("e", "", List.of(), new byte[128],
                List.of(new ChipCallableBuilder.Child(0, List.of(), new byte[1])));
        assertThat(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt(5196)).isEqualTo(128);
        assertThat(out).hasSize(9376 + 128 + 193);
    }

    @Test
    void noChildrenIsHeaderPlusOrchestration() {
        byte[] out = ChipCallableBuilder.assemble("e", "", List.of(OUT), new byte[3], List.of());
        assertThat(out).hasSize(9379);
    }

    @Test
    void rejectsOverlongNamesAndSignatures() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChipCallableBuilder.assemble("x".repeat(64), "", List.of(), new byte[0], List.of()))
                .withMessageContaining("funcName")
                .withMessageContaining("at most 63");
        List<ArgDirection> sig33 = Collections.nCopies(33, IN);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChipCallableBuilder.assemble("e", "", List.of(), new byte[0],
                        List.of(new ChipCallableBuilder.Child(5, sig33, new byte[0]))))
                .withMessageContaining("func_id 5")
                .withMessageContaining("at most 32");
    }

    /** Opt-in: our bytes for vector_example equal the callable.bin simpler's own make_callable wrote. */
    @Test
    @Tag(HwHome.TAG)
    void vectorExampleMatchesSimplersOwnBytes() throws Exception {
        Path home = HwHome.require();
        CallableBundle bundle =
                CallableBundle.readResource("io/ptosim/hw/callables/vector_example/callable.json", home);
        byte[] ours = ChipCallableBuilder.build(bundle);
        byte[] theirs = Files.readAllBytes(bundle.reference().orElseThrow());
        assertThat(ours.length).isEqualTo(theirs.length);
        assertThat(Arrays.mismatch(ours, theirs)).as("first differing byte").isEqualTo(-1);
    }
}
