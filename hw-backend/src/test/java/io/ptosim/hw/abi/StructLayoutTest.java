package io.ptosim.hw.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ptosim.runtime.DataType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Pins every layout constant to native-api.md §12 (offsets printed from simpler's own headers at 6ebaf7715). */
class StructLayoutTest {

    @Test
    void chipTensor() {
        assertThat(new int[] {ChipTensorDescriptor.SIZE, ChipTensorDescriptor.ALIGNMENT}).containsExactly(128, 64);
        assertThat(new int[] {
                    ChipTensorDescriptor.BUFFER_ADDR, ChipTensorDescriptor.BUFFER_SIZE,
                    ChipTensorDescriptor.OWNER_TASK_ID, ChipTensorDescriptor.START_OFFSET,
                    ChipTensorDescriptor.VERSION, ChipTensorDescriptor.NDIMS, ChipTensorDescriptor.DTYPE,
                    ChipTensorDescriptor.MANUAL_DEP, ChipTensorDescriptor.IS_CONTIGUOUS,
                    ChipTensorDescriptor.ADDRESS_SPACE, ChipTensorDescriptor.SHAPES,
                    ChipTensorDescriptor.EXTENT_ELEM_CACHE, ChipTensorDescriptor.STRIDES, ChipTensorDescriptor.PADDING
                })
                .containsExactly(0, 8, 16, 24, 32, 36, 40, 41, 42, 43, 44, 64, 72, 92);
        assertThat(ChipTensorDescriptor.SHAPES + 4 * ChipTensorDescriptor.MAX_DIMS).isEqualTo(64);
    }

    @Test
    void chipStorageTaskArgs() {
        assertThat(new int[] {
                    ChipStorageTaskArgsDescriptor.SIZE, ChipStorageTaskArgsDescriptor.ALIGNMENT,
                    ChipStorageTaskArgsDescriptor.TENSORS, ChipStorageTaskArgsDescriptor.SCALARS,
                    ChipStorageTaskArgsDescriptor.TENSOR_COUNT, ChipStorageTaskArgsDescriptor.SCALAR_COUNT,
                    ChipStorageTaskArgsDescriptor.CHIP_MAX_TENSOR_ARGS, ChipStorageTaskArgsDescriptor.CHIP_MAX_SCALAR_ARGS
                })
                .containsExactly(33856, 64, 0, 32768, 33792, 33796, 256, 128);
        assertThat(ChipStorageTaskArgsDescriptor.CHIP_MAX_TENSOR_ARGS * ChipTensorDescriptor.SIZE)
                .isEqualTo(ChipStorageTaskArgsDescriptor.SCALARS);
    }

    @Test
    void callConfigAndRuntimeEnv() {
        assertThat(new int[] {
                    CallConfigDescriptor.SIZE, CallConfigDescriptor.ALIGNMENT,
                    CallConfigDescriptor.AICPU_THREAD_NUM, CallConfigDescriptor.ENABLE_CHIP_SWIMLANE,
                    CallConfigDescriptor.ENABLE_DUMP_ARGS, CallConfigDescriptor.ENABLE_PMU,
                    CallConfigDescriptor.ENABLE_DEP_GEN, CallConfigDescriptor.ENABLE_SCOPE_STATS,
                    CallConfigDescriptor.RUNTIME_ENV, CallConfigDescriptor.OUTPUT_PREFIX
                })
                .containsExactly(1144, 1, 0, 4, 8, 12, 16, 20, 24, 120);
        assertThat(new int[] {
                    CallConfigDescriptor.RUNTIME_ENV_SIZE, CallConfigDescriptor.RUNTIME_ENV_RING_TASK_WINDOW,
                    CallConfigDescriptor.RUNTIME_ENV_RING_HEAP, CallConfigDescriptor.RUNTIME_ENV_RING_DEP_POOL
                })
                .containsExactly(96, 0, 32, 64);
        assertThat(CallConfigDescriptor.OUTPUT_PREFIX + CallConfigDescriptor.OUTPUT_PREFIX_SIZE)
                .isEqualTo(CallConfigDescriptor.SIZE);
    }

    @Test
    void nativeRunDescriptor() {
        assertThat(new int[] {
                    NativeRunDescriptor.SIZE, NativeRunDescriptor.ALIGNMENT, NativeRunDescriptor.PIPELINE_SLOT,
                    NativeRunDescriptor.ARENA_BANK, NativeRunDescriptor.RUN_ID, NativeRunDescriptor.GENERATION,
                    NativeRunDescriptor.DISPATCH_ID, NativeRunDescriptor.RUN_EPOCH, NativeRunDescriptor.ACCEPTED_STATE,
                    NativeRunDescriptor.ACCEPTED_VALUE
                })
                .containsExactly(56, 8, 0, 4, 8, 16, 24, 32, 40, 48);
    }

    @Test
    void pipelineContractAndResource() {
        assertThat(new int[] {
                    PipelineContractDescriptor.SIZE, PipelineContractDescriptor.ALIGNMENT,
                    PipelineContractDescriptor.ABI_VERSION, PipelineContractDescriptor.RESOURCE_COUNT,
                    PipelineContractDescriptor.PIPELINE_DEPTH, PipelineContractDescriptor.RESOURCES,
                    PipelineContractDescriptor.MAX_RESOURCES
                })
                .containsExactly(144, 8, 0, 4, 8, 16, 8);
        assertThat(new int[] {
                    PipelineContractDescriptor.RESOURCE_SIZE, PipelineContractDescriptor.RESOURCE_ALIGNMENT,
                    PipelineContractDescriptor.RESOURCE_KIND, PipelineContractDescriptor.RESOURCE_CLASS,
                    PipelineContractDescriptor.RESOURCE_BYTES_PER_COPY
                })
                .containsExactly(16, 8, 0, 4, 8);
    }

    @Test
    void hostLogState() {
        assertThat(new int[] {
                    HostLogStateDescriptor.SIZE, HostLogStateDescriptor.ALIGNMENT, HostLogStateDescriptor.ABI_VERSION,
                    HostLogStateDescriptor.STRUCT_SIZE, HostLogStateDescriptor.THRESHOLD,
                    HostLogStateDescriptor.CLOCK_ANCHOR_PID
                })
                .containsExactly(16, 4, 0, 4, 8, 12);
    }

    @Test
    void coreCallable() {
        assertThat(new int[] {
                    CoreCallableDescriptor.SIZE, CoreCallableDescriptor.ALIGNMENT, CoreCallableDescriptor.SIGNATURE,
                    CoreCallableDescriptor.SIG_COUNT, CoreCallableDescriptor.BINARY_SIZE,
                    CoreCallableDescriptor.RESOLVED_ADDR, CoreCallableDescriptor.STORAGE,
                    CoreCallableDescriptor.BINARY_DATA, CoreCallableDescriptor.CORE_MAX_TENSOR_ARGS
                })
                .containsExactly(144, 8, 0, 128, 132, 136, 144, 192, 32);
    }

    @Test
    void chipCallable() {
        assertThat(new int[] {
                    ChipCallableDescriptor.SIZE, ChipCallableDescriptor.ALIGNMENT, ChipCallableDescriptor.SIGNATURE,
                    ChipCallableDescriptor.SIG_COUNT, ChipCallableDescriptor.BINARY_SIZE,
                    ChipCallableDescriptor.FUNC_NAME, ChipCallableDescriptor.FUNC_NAME_LEN,
                    ChipCallableDescriptor.CHILD_FUNC_IDS, ChipCallableDescriptor.CHILD_OFFSETS,
                    ChipCallableDescriptor.CHILD_COUNT, ChipCallableDescriptor.CONFIG_NAME,
                    ChipCallableDescriptor.CONFIG_NAME_LEN, ChipCallableDescriptor.STORAGE
                })
                .containsExactly(9376, 16, 0, 1024, 1028, 1032, 1096, 1100, 5196, 9292, 9296, 9360, 9376);
        assertThat(new int[] {
                    ChipCallableDescriptor.MAX_SIGNATURE, ChipCallableDescriptor.MAX_CHILDREN,
                    ChipCallableDescriptor.CALLABLE_ALIGN, ChipCallableDescriptor.CALLABLE_CHILD_ALIGN
                })
                .containsExactly(256, 1024, 64, 16);
    }

    @Test
    void enumCodes() {
        assertThat(Arrays.stream(ArgDirection.values()).map(d -> d.name() + "=" + d.code()))
                .containsExactly("SCALAR=0", "IN=1", "OUT=2", "INOUT=3");
        assertThat(Arrays.stream(DataType.values()).filter(d -> d.code() <= NativeTensor.MAX_DTYPE_CODE)
                .map(d -> d.name() + "=" + d.code()))
                .containsExactly("FLOAT32=0", "FLOAT16=1", "INT32=2", "INT16=3", "INT8=4", "UINT8=5", "BFLOAT16=6",
                        "INT64=7", "UINT64=8", "UINT16=9", "UINT32=10", "BOOL=11");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NativeTensor(0x1000, 64, new int[] {4}, DataType.FP8E4M3FN, false))
                .withMessageContaining("is not in simpler's HEAD DataType, which ends at BOOL (11)");
    }
}
