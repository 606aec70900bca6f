// Fixture: dereferences a null pointer after one submit; the recorder process dies, the JVM does not.
#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &args) {
    CoreTaskArgs a;
    a.add_input(args.tensor(0).ref());
    rt_submit_aiv_task(0, a);
    volatile int32_t *nothing = nullptr;
    *nothing = 1;
}

}  // extern "C"
