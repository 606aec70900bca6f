// Fixture: after one submit, spins on host memory no kernel will ever write (it reads the buffer directly,
// bypassing the runtime), so only the timeout ends it.
#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &args) {
    const ChipTensor &flag = args.tensor(0).ref();
    CoreTaskArgs a;
    a.add_inout(flag);
    rt_submit_aiv_task(0, a);
    volatile int32_t *word = flag.data_as<volatile int32_t>();
    while (*word == 0) {
    }
}

}  // extern "C"
