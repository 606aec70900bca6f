package io.ptosim.hw.abi;

/** {@code DataType} (u8) of a ChipTensor, with each element's size in bytes. */
public enum NativeDataType {
    FLOAT32(0, 4),
    FLOAT16(1, 2),
    INT32(2, 4),
    INT16(3, 2),
    INT8(4, 1),
    UINT8(5, 1),
    BFLOAT16(6, 2),
    INT64(7, 8),
    UINT64(8, 8),
    UINT16(9, 2),
    UINT32(10, 4),
    BOOL(11, 1);

    private final int code;
    private final int elementBytes;

    NativeDataType(int code, int elementBytes) {
        this.code = code;
        this.elementBytes = elementBytes;
    }

    /** The value written into {@code ChipTensor.dtype}. */
    public int code() {
        return code;
    }

    public int elementBytes() {
        return elementBytes;
    }

    /** The type with this code; IllegalArgumentException naming the valid range otherwise. */
    public static NativeDataType ofCode(int code) {
        for (NativeDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype code " + code + " is not a simpler DataType; expected 0..11");
    }
}
