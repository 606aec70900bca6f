// Fixture: an exception inside two guarded scopes (get_ref past the output count fails an assert, which
// throws). The recorder catches it; the guards' destructors close both scopes on the way out.
#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &args) {
    const ChipTensor &x = args.tensor(0).ref();
    PTO2_SCOPE() {
        PTO2_SCOPE_GUARD();
        CoreTaskArgs a;
        a.add_input(x);
        TaskOutputTensors t = rt_submit_aiv_task(0, a);
        const ChipTensor &missing = t.get_ref(5);
        CoreTaskArgs b;
        b.add_input(missing);
        rt_submit_aiv_task(1, b);
    }
}

}  // extern "C"
