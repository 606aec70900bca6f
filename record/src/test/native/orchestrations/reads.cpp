// Fixture: data-dependent reads. Entry: counts INT32 [4].
// counts[0] is read before any task touches it (exact); a kernel's output decides a loop (flagged: no kernel
// ran, so the recorder answers 0 and the loop submits nothing); counts[1] is read after a task wrote counts
// (flagged); an alloc_tensors buffer no task wrote is read (exact: its initial value).
#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &args) {
    const ChipTensor &counts = args.tensor(0).ref();
    uint32_t i0[1] = {0};
    int32_t before = get_tensor_data<int32_t>(counts, 1, i0);
    uint32_t one[1] = {1};
    TensorCreateInfo n_ci(one, 1, DataType::INT32);
    CoreTaskArgs produce;
    produce.add_input(counts);
    produce.add_output(n_ci);
    TaskOutputTensors p = rt_submit_aiv_task(0, produce);
    int32_t n = get_tensor_data<int32_t>(p.get_ref(0), 1, i0);  // a kernel's output
    for (int32_t k = 0; k < n; k++) {
        CoreTaskArgs more;
        more.add_input(p.get_ref(0));
        rt_submit_aiv_task(1, more);
    }
    CoreTaskArgs overwrite;
    overwrite.add_inout(counts);
    rt_submit_aiv_task(2, overwrite);
    uint32_t i1[1] = {1};
    int32_t after = get_tensor_data<int32_t>(counts, 1, i1);  // written by a task no kernel ran for
    TensorCreateInfo seed(one, 1, DataType::INT32);
    seed.set_initial_value(int32_t(9));
    TaskOutputTensors s = alloc_tensors(seed);
    int32_t nine = get_tensor_data<int32_t>(s.get_ref(0), 1, i0);
    LOG_INFO("before=%d n=%d after=%d seed=%d", before, n, after, nine);
}

}  // extern "C"
