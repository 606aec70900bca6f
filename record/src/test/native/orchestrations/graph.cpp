// Fixture: scopes and nesting, every arg tag and view kind, alloc_tensors, explicit deps, a dummy task,
// SPMD launch attributes, a predicate, logs, queries and an exact read of an entry input.
// Entry: x FLOAT32 [4, 8], y FLOAT32 [4, 8], n INT32 [1]; scalar: a float32.
#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) PTO2OrchestrationConfig aicpu_orchestration_config(const ChipTaskArgs &) {
    return PTO2OrchestrationConfig{4};
}

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &args) {
    const ChipTensor &x = args.tensor(0).ref();
    const ChipTensor &y = args.tensor(1).ref();
    const ChipTensor &n = args.tensor(2).ref();
    float alpha = from_u64<float>(args.scalar(0));
    LOG_INFO("alpha=%.1f clusters=%d aivs=%d", alpha, rt_available_cluster_count(), rt_available_aiv_count());

    uint32_t zero[1] = {0};
    int32_t rounds = get_tensor_data<int32_t>(n, 1, zero);  // an entry input: exact

    uint32_t row_shape[2] = {4, 8};
    TensorCreateInfo tile(row_shape, 2, DataType::FLOAT32);
    uint32_t acc_shape[1] = {8};
    TensorCreateInfo acc_ci(acc_shape, 1, DataType::FLOAT32);
    acc_ci.set_initial_value(1.0f);
    TaskOutputTensors acc = alloc_tensors(acc_ci);  // ring 0
    const ChipTensor &accumulator = acc.get_ref(0);

    CoreTaskArgs first;  // t0: INPUT x, OUTPUT tile, scalar
    first.add_input(x);
    first.add_output(tile);
    first.add_scalar(alpha, int32_t(7));
    TaskOutputTensors t0 = rt_submit_aic_task(0, first);
    const ChipTensor &z = t0.get_ref(0);

    PTO2_SCOPE() {  // depth 1
        for (int32_t r = 0; r < rounds; r++) {
            PTO2_SCOPE_GUARD();  // depth 2
            uint32_t box[2] = {2, 4};
            uint32_t at[2] = {2, 4};
            ChipTensor corner = z.view(box, at);
            ChipTensor turned = z.transpose(0, 1);
            uint32_t order[2] = {1, 0};
            ChipTensor permuted = y.permute(order);
            ChipTensor every_other = y.slice(1, 0, 8, 2);
            uint32_t flat_shape[1] = {32};
            ChipTensor flat = x.reshape(flat_shape, 1);
            CoreTaskArgs kinds;  // every tag
            kinds.add_input(corner, turned);
            kinds.add_inout(accumulator);
            kinds.add_output(every_other);
            kinds.add_no_dep(permuted, flat);
            kinds.add_scalar(uint64_t(r));
            rt_submit_aiv_task(1, kinds);
        }
        PTO2_SCOPE(PTO2ScopeMode::MANUAL) {  // depth 2, manual: explicit deps only
            CoreTaskArgs a;
            a.add_input(z);
            a.add_output(tile);
            a.launch_spec.set_block_num(4);
            a.launch_spec.set_require_sync_start(true);
            TaskOutputTensors ta = rt_submit_aiv_task(2, a);
            PTO2TaskId deps[2] = {ta.task_id(), acc.task_id()};
            DepFlags kinds[2] = {DEP_WAIT, static_cast<DepFlags>(DEP_WAIT | DEP_RETAIN)};
            CoreTaskArgs b;
            b.add_input(ta.get_ref(0));
            b.set_dependencies_with_kinds(deps, kinds, 2);
            b.set_allow_early_resolve();
            CoreTaskPredicate p;
            p.operand.tensor = &n;
            p.operand.ndims = 1;
            p.op = PredicateOp::GT;
            p.target = 0;
            b.set_predicate(p);
            b.set_task_timing_slot(3);
            b.dump();
            rt_submit_dummy_task(b);
        }
        rt_scope_begin();  // depth 2, without a guard
        MixedKernels mix;
        mix.aic_kernel_id = 4;
        mix.aiv0_kernel_id = 5;
        mix.aiv1_kernel_id = 6;
        CoreTaskArgs m;
        m.add_inout(y);
        uint32_t strides[2] = {16, 2};
        uint32_t half[2] = {2, 4};
        ChipTensor strided = make_tensor_strided(x.data_as<void>(), half, strides, 2, DataType::FLOAT32);
        m.add_input(strided);
        rt_submit_task(mix, m);
        rt_scope_end();
    }
    uint32_t last[1] = {7};
    set_tensor_data(accumulator, 1, last, 2.5f);
}

}  // extern "C"
