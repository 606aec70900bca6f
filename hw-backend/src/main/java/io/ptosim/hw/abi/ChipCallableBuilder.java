package io.ptosim.hw.abi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the ChipCallable bytes the HEAD host runtime registers: the header, the orchestration shared
 * object at storage offset 0, then each child CoreCallable ({@code [192-byte header][kernel binary]}) at the
 * next storage offset that is a multiple of {@link ChipCallableDescriptor#CALLABLE_ALIGN}, with zero padding
 * between and none after the last child.
 */
public final class ChipCallableBuilder {

    /**
     * One child kernel as bytes.
     *
     * @param funcId the id the orchestration launches it by
     * @param signature its argument directions
     * @param binary its compiled binary
     */
    public record Child(int funcId, List<ArgDirection> signature, byte[] binary) {
        /** Copies the signature. */
        public Child {
            signature = List.copyOf(signature);
        }
    }

    private ChipCallableBuilder() {}

    /** Reads the bundle's binaries and assembles its ChipCallable. */
    public static byte[] build(CallableBundle bundle) {
        List<Child> children = new ArrayList<>();
        for (CallableBundle.Kernel k : bundle.kernels()) {
            children.add(new Child(k.funcId(), k.signature(), readAll(k.binary())));
        }
        return assemble(
                bundle.entry(), bundle.configName(), bundle.signature(), readAll(bundle.orchestration()), children);
    }

    /**
     * Assembles a ChipCallable from bytes.
     *
     * @param funcName the orchestration entry, at most 63 ASCII characters
     * @param configName the config name, at most 63 ASCII characters (may be empty)
     * @param signature the orchestration's argument directions, at most 256
     * @param orchestration the orchestration shared object
     * @param children the kernels, at most 1024, each signature at most 32
     */
    public static byte[] assemble(
            String funcName, String configName, List<ArgDirection> signature, byte[] orchestration, List<Child> children) {
        checkName("funcName", funcName);
        checkName("configName", configName);
        if (signature.size() > ChipCallableDescriptor.MAX_SIGNATURE) {
            throw new IllegalArgumentException("orchestration signature has " + signature.size()
                    + " entries; at most " + ChipCallableDescriptor.MAX_SIGNATURE);
        }
        if (children.size() > ChipCallableDescriptor.MAX_CHILDREN) {
            throw new IllegalArgumentException(
                    children.size() + " children; at most " + ChipCallableDescriptor.MAX_CHILDREN);
        }
        long[] offsets = new long[children.size()];
        long end = orchestration.length;
        for (int i = 0; i < children.size(); i++) {
            Child c = children.get(i);
            if (c.signature().size() > CoreCallableDescriptor.CORE_MAX_TENSOR_ARGS) {
                throw new IllegalArgumentException("child func_id " + c.funcId() + " signature has "
                        + c.signature().size() + " entries; at most " + CoreCallableDescriptor.CORE_MAX_TENSOR_ARGS);
            }
            offsets[i] = alignUp(end, ChipCallableDescriptor.CALLABLE_ALIGN);
            end = offsets[i] + CoreCallableDescriptor.BINARY_DATA + c.binary().length;
        }
        long total = ChipCallableDescriptor.STORAGE + end;
        if (total > Integer.MAX_VALUE - 64 || end > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ChipCallable would be " + total + " bytes; storage offsets are u32");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < signature.size(); i++) {
            b.putInt(ChipCallableDescriptor.SIGNATURE + 4 * i, signature.get(i).code());
        }
        b.putInt(ChipCallableDescriptor.SIG_COUNT, signature.size());
        b.putInt(ChipCallableDescriptor.BINARY_SIZE, orchestration.length);
        b.put(ChipCallableDescriptor.FUNC_NAME, funcName.getBytes(StandardCharsets.US_ASCII));
        b.putInt(ChipCallableDescriptor.FUNC_NAME_LEN, funcName.length());
        b.put(ChipCallableDescriptor.CONFIG_NAME, configName.getBytes(StandardCharsets.US_ASCII));
        b.putInt(ChipCallableDescriptor.CONFIG_NAME_LEN, configName.length());
        b.putInt(ChipCallableDescriptor.CHILD_COUNT, children.size());
        b.put(ChipCallableDescriptor.STORAGE, orchestration);
        for (int i = 0; i < children.size(); i++) {
            Child c = children.get(i);
            b.putInt(ChipCallableDescriptor.CHILD_FUNC_IDS + 4 * i, c.funcId());
            b.putInt(ChipCallableDescriptor.CHILD_OFFSETS + 4 * i, (int) offsets[i]);
            int at = ChipCallableDescriptor.STORAGE + (int) offsets[i];
            for (int j = 0; j < c.signature().size(); j++) {
                b.putInt(at + CoreCallableDescriptor.SIGNATURE + 4 * j, c.signature().get(j).code());
            }
            b.putInt(at + CoreCallableDescriptor.SIG_COUNT, c.signature().size());
            b.putInt(at + CoreCallableDescriptor.BINARY_SIZE, c.binary().length);
            b.putLong(at + CoreCallableDescriptor.RESOLVED_ADDR, 0L);
            b.put(at + CoreCallableDescriptor.BINARY_DATA, c.binary());
        }
        return b.array();
    }

    private static long alignUp(long v, int alignment) {
        return (v + alignment - 1) / alignment * alignment;
    }

    private static void checkName(String what, String name) {
        if (name.length() >= ChipCallableDescriptor.NAME_SIZE || !name.chars().allMatch(c -> c > 0 && c < 128)) {
            throw new IllegalArgumentException(what + " \"" + name + "\": expected at most "
                    + (ChipCallableDescriptor.NAME_SIZE - 1) + " ASCII characters without NUL");
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
