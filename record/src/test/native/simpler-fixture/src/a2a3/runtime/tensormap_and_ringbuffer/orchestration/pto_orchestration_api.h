// ptosim's test stand-in for simpler's orchestration API header.
//
// Declares, from ptosim's orchestration-abi.md, what an orchestration .so and the recorder share: the
// 18-entry function table, the 16-byte runtime struct, the tensor, create-info, argument and result types
// and the inline wrappers an orchestration calls. It lives at the path simpler keeps its header, so
// `ptosim record --simpler <this fixture root>` builds the recorder against it exactly as against a real
// checkout. Build with -DPTOSIM_FIXTURE_DFX=0 to get the argument layout without the dump-selection block
// (a build the recorder must refuse).
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdexcept>
#include <type_traits>

#ifndef PTOSIM_FIXTURE_DFX
#define PTOSIM_FIXTURE_DFX 1
#endif

#define MAX_TENSOR_DIMS 5
#define MAX_TENSOR_ARGS 32
#define MAX_SCALAR_ARGS 16
#define CHIP_MAX_TENSOR_ARGS 256
#define CHIP_MAX_SCALAR_ARGS 128
#define INVALID_KERNEL_ID (-1)
#define PTO2_ERROR_INVALID_ARGS 5

// ---- assertions: the .so's own assert_impl throws (fixture_common.cpp) ----------------------------------
[[noreturn]] void assert_impl(const char *condition, const char *file, int line);
#define always_assert(cond)                         \
    do {                                            \
        if (!(cond)) assert_impl(#cond, __FILE__, __LINE__); \
    } while (0)
#define debug_assert(cond) always_assert(cond)

// ---- element types -------------------------------------------------------------------------------------
enum class DataType : uint8_t {
    FLOAT32, FLOAT16, INT32, INT16, INT8, UINT8, BFLOAT16, INT64, UINT64, UINT16, UINT32, BOOL,
    FP8E4M3FN, FP8E8M0, FP4E2M1, DATA_TYPE_NUM
};

inline uint64_t get_element_size(DataType t) {
    switch (t) {
        case DataType::FLOAT32: case DataType::INT32: case DataType::UINT32: return 4;
        case DataType::FLOAT16: case DataType::BFLOAT16: case DataType::INT16: case DataType::UINT16: return 2;
        case DataType::INT64: case DataType::UINT64: return 8;
        default: return 1;
    }
}

template <typename T>
inline uint64_t to_u64(T v) {
    uint64_t bits = 0;
    memcpy(&bits, &v, sizeof(T) < 8 ? sizeof(T) : 8);
    return bits;
}

template <typename T>
inline T from_u64(uint64_t bits) {
    T v;
    memcpy(&v, &bits, sizeof(T));
    return v;
}

enum class AddressSpace : uint8_t { HOST = 0, DEVICE = 1 };

// ---- task ids: ring in bits 32..39, local id below ---------------------------------------------------------
struct PTO2TaskId {
    uint64_t raw;
    static constexpr PTO2TaskId make(uint8_t ring, uint32_t local) {
        return PTO2TaskId{(static_cast<uint64_t>(ring) << 32) | local};
    }
    static constexpr PTO2TaskId invalid() { return PTO2TaskId{UINT64_MAX}; }
    constexpr uint8_t ring() const { return static_cast<uint8_t>(raw >> 32); }
    constexpr uint32_t local() const { return static_cast<uint32_t>(raw); }
};

// ---- the tensor descriptor: two cache lines ---------------------------------------------------------------
struct BufferRange {
    uint64_t addr;
    uint64_t size;
};

struct alignas(64) ChipTensor {
    BufferRange buffer;
    PTO2TaskId owner_task_id;
    uint64_t start_offset;
    int32_t version;
    uint32_t ndims;
    DataType dtype;
    bool manual_dep;
    bool is_contiguous;
    AddressSpace address_space;
    uint32_t shapes[MAX_TENSOR_DIMS];
    uint64_t extent_elem_cache;
    uint32_t strides[MAX_TENSOR_DIMS];
    uint8_t reserved[36];

    template <typename T>
    T *data_as() const { return reinterpret_cast<T *>(static_cast<uintptr_t>(buffer.addr)); }

    // A box of this view: same strides, origin moved by offsets.
    ChipTensor view(const uint32_t box[], const uint32_t offsets[], bool md = false) const {
        ChipTensor r = *this;
        for (uint32_t i = 0; i < ndims; i++) {
            always_assert(offsets[i] + box[i] <= shapes[i]);
            r.start_offset += static_cast<uint64_t>(offsets[i]) * strides[i];
            r.shapes[i] = box[i];
        }
        r.manual_dep = md;
        r.refresh();
        return r;
    }
    ChipTensor transpose(uint32_t x, uint32_t y, bool md = false) const {
        ChipTensor r = *this;
        r.shapes[x] = shapes[y];
        r.shapes[y] = shapes[x];
        r.strides[x] = strides[y];
        r.strides[y] = strides[x];
        r.manual_dep = md;
        r.refresh();
        return r;
    }
    ChipTensor permute(const uint32_t order[], bool md = false) const {
        ChipTensor r = *this;
        for (uint32_t i = 0; i < ndims; i++) {
            r.shapes[i] = shapes[order[i]];
            r.strides[i] = strides[order[i]];
        }
        r.manual_dep = md;
        r.refresh();
        return r;
    }
    ChipTensor slice(uint32_t dim, uint32_t start, uint32_t end, uint32_t step = 1, bool md = false) const {
        always_assert(dim < ndims && start < end && end <= shapes[dim] && step >= 1);
        ChipTensor r = *this;
        r.start_offset += static_cast<uint64_t>(start) * strides[dim];
        r.shapes[dim] = (end - start + step - 1) / step;
        r.strides[dim] = strides[dim] * step;
        r.manual_dep = md;
        r.refresh();
        return r;
    }
    ChipTensor reshape(const uint32_t new_shape[], uint32_t new_ndims, bool md = false) const {
        always_assert(is_contiguous);
        ChipTensor r = *this;
        r.ndims = new_ndims;
        uint64_t s = 1;
        for (int32_t i = static_cast<int32_t>(new_ndims) - 1; i >= 0; --i) {
            r.shapes[i] = new_shape[i];
            r.strides[i] = static_cast<uint32_t>(s);
            s *= new_shape[i];
        }
        r.manual_dep = md;
        r.refresh();
        return r;
    }
    void refresh() {
        uint64_t expect = 1;
        uint64_t extent = 1;
        bool contiguous = true;
        for (int32_t i = static_cast<int32_t>(ndims) - 1; i >= 0; --i) {
            if (strides[i] != expect) contiguous = false;
            if (shapes[i] > 0) extent += static_cast<uint64_t>(shapes[i] - 1) * strides[i];
            expect *= shapes[i];
        }
        is_contiguous = contiguous;
        extent_elem_cache = extent;
    }
};
static_assert(sizeof(ChipTensor) == 128, "ChipTensor is two cache lines");

inline ChipTensor make_tensor_strided(void *addr, const uint32_t shapes[], const uint32_t strides[], uint32_t ndims,
                                      DataType dtype = DataType::FLOAT32, bool manual_dep = false, int32_t version = 0) {
    ChipTensor t;
    memset(static_cast<void *>(&t), 0, sizeof t);
    t.buffer.addr = reinterpret_cast<uint64_t>(addr);
    t.owner_task_id = PTO2TaskId::invalid();
    t.version = version;
    t.ndims = ndims;
    t.dtype = dtype;
    t.manual_dep = manual_dep;
    for (uint32_t i = 0; i < ndims; i++) {
        t.shapes[i] = shapes[i];
        t.strides[i] = strides[i];
    }
    t.refresh();
    t.buffer.size = t.extent_elem_cache * get_element_size(dtype);
    return t;
}

inline ChipTensor make_tensor_external(void *addr, const uint32_t shapes[], uint32_t ndims,
                                       DataType dtype = DataType::FLOAT32, bool manual_dep = false, int32_t version = 0) {
    uint32_t strides[MAX_TENSOR_DIMS];
    uint32_t s = 1;
    for (int32_t i = static_cast<int32_t>(ndims) - 1; i >= 0; --i) {
        strides[i] = s;
        s *= shapes[i];
    }
    return make_tensor_strided(addr, shapes, strides, ndims, dtype, manual_dep, version);
}

// ---- what an OUTPUT asks the runtime to allocate: the first cache line of a ChipTensor --------------------
class alignas(64) TensorCreateInfo {
public:
    TensorCreateInfo(const uint32_t in_shapes[], uint32_t in_ndims, DataType in_dtype = DataType::FLOAT32,
                     bool in_manual_dep = false)
        : initial_value(0), has_initial_value(false), unused_owner(0), start_offset(0), version(0), ndims(in_ndims),
          dtype(in_dtype), manual_dep(in_manual_dep), is_contiguous(true), address_space(0) {
        always_assert(in_ndims >= 1 && in_ndims <= MAX_TENSOR_DIMS);
        for (uint32_t i = 0; i < in_ndims; i++) shapes[i] = in_shapes[i];
    }
    template <typename T = uint64_t>
    void set_initial_value(T v) {
        has_initial_value = true;
        initial_value = to_u64(v);
    }

    uint64_t initial_value;
    bool has_initial_value;
    uint8_t pad0[7];
    uint64_t unused_owner;
    uint64_t start_offset;
    int32_t version;
    uint32_t ndims;
    DataType dtype;
    bool manual_dep;
    bool is_contiguous;
    uint8_t address_space;
    uint32_t shapes[MAX_TENSOR_DIMS];
};
static_assert(sizeof(TensorCreateInfo) == 64, "TensorCreateInfo is one cache line");

// ---- submit arguments ---------------------------------------------------------------------------------------
enum class TensorArgType : int32_t { INPUT = 0, OUTPUT = 1, INOUT = 2, OUTPUT_EXISTING = 3, NO_DEP = 4 };

enum DepFlags : uint8_t { DEP_NONE = 0, DEP_WAIT = 1, DEP_RETAIN = 2 };

enum class PTO2ScopeMode : uint8_t { AUTO = 0, MANUAL = 1 };

enum class PredicateOp : uint8_t { NONE = 0, EQ, NE, GT, LT, GE, LE };

struct CorePredicateOperand {
    const ChipTensor *tensor{nullptr};
    uint32_t ndims{0};
    uint32_t indices[MAX_TENSOR_DIMS]{};
};

struct CoreTaskPredicate {
    CorePredicateOperand operand;
    PredicateOp op{PredicateOp::NONE};
    int64_t target{0};
};

class PTO2LaunchSpec {
public:
    int16_t block_num() const { return blocks_; }
    void set_block_num(int16_t n) { blocks_ = n; }
    bool require_sync_start() const { return sync_; }
    void set_require_sync_start(bool v) { sync_ = v; }

private:
    int16_t blocks_{1};
    bool sync_{false};
};

struct MixedKernels {
    int32_t aic_kernel_id{INVALID_KERNEL_ID};
    int32_t aiv0_kernel_id{INVALID_KERNEL_ID};
    int32_t aiv1_kernel_id{INVALID_KERNEL_ID};
};

// One argument slot: a tensor, or (for OUTPUT) the create-info of the tensor to make.
class TensorRef {
public:
    TensorRef() : tensor_(nullptr) {}
    TensorRef &operator=(const ChipTensor *t) {
        tensor_ = t;
        return *this;
    }
    TensorRef &operator=(const TensorCreateInfo *ci) {
        info_ = ci;
        return *this;
    }
    const ChipTensor &ref() const { return *tensor_; }
    const TensorCreateInfo &create_info() const { return *info_; }

private:
    union {
        const ChipTensor *tensor_;
        const TensorCreateInfo *info_;
    };
};

template <typename T, typename S, size_t MaxT, size_t MaxS>
struct ArgStorage {
    TensorArgType tags_[MaxT]{};
    T tensors_[MaxT];
    S scalars_[MaxS]{};
    int32_t tensor_count_{0};
    int32_t scalar_count_{0};

    int32_t tensor_count() const { return tensor_count_; }
    int32_t scalar_count() const { return scalar_count_; }
    const T &tensor(int32_t i) const { return tensors_[i]; }
    S scalar(int32_t i) const { return scalars_[i]; }
    TensorArgType tag(int32_t i) const { return tags_[i]; }
};

template <size_t MaxT, size_t MaxS>
struct Arg : ArgStorage<TensorRef, uint64_t, MaxT, MaxS> {
    using Base = ArgStorage<TensorRef, uint64_t, MaxT, MaxS>;
    using Base::scalar_count_;
    using Base::scalars_;
    using Base::tags_;
    using Base::tensor_count_;
    using Base::tensors_;

    Arg() = default;
    Arg(const Arg &) = delete;
    Arg &operator=(const Arg &) = delete;

    bool has_error{false};
    const char *error_msg{nullptr};
    PTO2LaunchSpec launch_spec;
    bool early_resolve_{false};
    CoreTaskPredicate predicate_;
    int32_t timing_slot_{-1};
#if PTOSIM_FIXTURE_DFX
    uint64_t dump_mask_{0};
    uint8_t dump_detail_[152]{};
#endif
    const PTO2TaskId *deps_{nullptr};
    const DepFlags *dep_kinds_{nullptr};
    uint32_t dep_count_{0};

    void set_error(const char *m) {
        if (!has_error) {
            has_error = true;
            error_msg = m;
        }
    }

    template <typename... Ts>
    void add_input(const Ts &...ts) { (add(TensorArgType::INPUT, &ts), ...); }
    template <typename... Ts>
    void add_inout(const Ts &...ts) { (add(TensorArgType::INOUT, &ts), ...); }
    template <typename... Ts>
    void add_no_dep(const Ts &...ts) { (add(TensorArgType::NO_DEP, &ts), ...); }
    template <typename... Ts>
    void add_output(const Ts &...ts) {
        if constexpr ((std::is_same_v<Ts, TensorCreateInfo> && ...)) {
            (add(TensorArgType::OUTPUT, &ts), ...);
        } else {
            (add(TensorArgType::OUTPUT_EXISTING, &ts), ...);
        }
    }
    template <typename... Ts>
    void add_scalar(Ts... vs) {
        ((scalar_count_ < static_cast<int32_t>(MaxS) ? (void)(scalars_[scalar_count_++] = to_u64(vs))
                                                      : set_error("too many scalars")),
         ...);
    }
    void set_dependencies(const PTO2TaskId *deps, uint32_t n) {
        deps_ = n ? deps : nullptr;
        dep_kinds_ = nullptr;
        dep_count_ = n;
    }
    void set_dependencies_with_kinds(const PTO2TaskId *deps, const DepFlags *kinds, uint32_t n) {
        deps_ = n ? deps : nullptr;
        dep_kinds_ = n ? kinds : nullptr;
        dep_count_ = n;
    }
    uint32_t explicit_dep_count() const { return dep_count_; }
    PTO2TaskId explicit_dep(uint32_t i) const { return deps_[i]; }
    DepFlags explicit_dep_kind(uint32_t i) const {
        return dep_kinds_ ? dep_kinds_[i] : static_cast<DepFlags>(DEP_WAIT | DEP_RETAIN);
    }
    void set_allow_early_resolve(bool v = true) { early_resolve_ = v; }
    bool allow_early_resolve() const { return early_resolve_; }
    void set_predicate(const CoreTaskPredicate &p) { predicate_ = p; }
    const CoreTaskPredicate &predicate() const { return predicate_; }
    void set_task_timing_slot(int32_t s) { timing_slot_ = s; }
    int32_t task_timing_slot() const { return timing_slot_; }
#if PTOSIM_FIXTURE_DFX
    void dump() { dump_mask_ = (1ULL << (tensor_count_ + scalar_count_)) - 1; }
    uint64_t dump_arg_mask() const { return dump_mask_; }
#else
    void dump() {}
    uint64_t dump_arg_mask() const { return 0; }
#endif

private:
    template <typename T>
    void add(TensorArgType tag, const T *p) {
        if (scalar_count_ != 0) {
            set_error("tensors must come before scalars");
            return;
        }
        if (tensor_count_ >= static_cast<int32_t>(MaxT)) {
            set_error("too many tensors");
            return;
        }
        tensors_[tensor_count_] = p;
        tags_[tensor_count_++] = tag;
    }
};

using CoreTaskArgs = Arg<MAX_TENSOR_ARGS, MAX_SCALAR_ARGS>;

// What the host hands the entry: the tensors themselves, then scalars.
struct ChipStorageTaskArgs {
    ChipTensor tensors_[CHIP_MAX_TENSOR_ARGS];
    uint64_t scalars_[CHIP_MAX_SCALAR_ARGS];
    int32_t tensor_count_{0};
    int32_t scalar_count_{0};

    void add_tensor(const ChipTensor &t) {
        if (scalar_count_ > 0) throw std::logic_error("tensor after scalar");
        if (tensor_count_ >= CHIP_MAX_TENSOR_ARGS) throw std::out_of_range("too many tensors");
        tensors_[tensor_count_++] = t;
    }
    void add_scalar(uint64_t s) {
        if (scalar_count_ >= CHIP_MAX_SCALAR_ARGS) throw std::out_of_range("too many scalars");
        scalars_[scalar_count_++] = s;
    }
    const ChipTensor &tensor(int32_t i) const { return tensors_[i]; }
    int32_t tensor_count() const { return tensor_count_; }
    int32_t scalar_count() const { return scalar_count_; }
    uint64_t scalar(int32_t i) const { return scalars_[i]; }
};

struct ChipTaskArgs : Arg<CHIP_MAX_TENSOR_ARGS, CHIP_MAX_SCALAR_ARGS> {
    void create_from_chip_args(const ChipStorageTaskArgs &src) {
        tensor_count_ = 0;
        scalar_count_ = 0;
        for (int32_t i = 0; i < src.tensor_count(); i++) add_input(src.tensor(i));
        for (int32_t i = 0; i < src.scalar_count(); i++) add_scalar(src.scalar(i));
    }
};

// What a submit returns: the task id and its materialized OUTPUTs, in order.
class TaskOutputTensors {
public:
    TaskOutputTensors() : task_id_(PTO2TaskId::invalid()), count_(0) {}
    uint32_t size() const { return count_; }
    const ChipTensor &get_ref(uint32_t i) const & {
        always_assert(i < count_);
        return *outputs_[i];
    }
    const ChipTensor &get_ref(uint32_t i) const && = delete;
    void materialize_output(const ChipTensor &t) {
        always_assert(count_ < MAX_TENSOR_ARGS);
        outputs_[count_++] = &t;
    }
    void set_task_id(PTO2TaskId id) { task_id_ = id; }
    PTO2TaskId task_id() const { return task_id_; }

private:
    PTO2TaskId task_id_;
    uint32_t count_;
    const ChipTensor *outputs_[MAX_TENSOR_ARGS];
};

// ---- the function table and the runtime the orchestration sees ----------------------------------------------
struct PTO2Runtime;

struct PTO2RuntimeOps {
    TaskOutputTensors (*submit_task)(PTO2Runtime *, const MixedKernels &, const CoreTaskArgs &);
    void (*scope_begin)(PTO2Runtime *);
    void (*scope_end)(PTO2Runtime *);
    void (*orchestration_done)(PTO2Runtime *);
    bool (*is_fatal)(PTO2Runtime *);
    void (*report_fatal)(PTO2Runtime *, int32_t, const char *, const char *, ...);
    void (*log_error)(const char *, const char *, ...);
    void (*log_warn)(const char *, const char *, ...);
    void (*log_timing)(const char *, const char *, ...);
    void (*log_info)(const char *, const char *, ...);
    void (*log_debug)(const char *, const char *, ...);
    uint64_t (*get_tensor_data)(PTO2Runtime *, const ChipTensor &, uint32_t, const uint32_t[]);
    void (*set_tensor_data)(PTO2Runtime *, const ChipTensor &, uint32_t, const uint32_t[], uint64_t);
    TaskOutputTensors (*alloc_tensors)(PTO2Runtime *, const CoreTaskArgs &);
    TaskOutputTensors (*submit_dummy_task)(PTO2Runtime *, const CoreTaskArgs &);
    int32_t (*available_cluster_count)(PTO2Runtime *);
    int32_t (*available_aiv_count)(PTO2Runtime *);
    void (*scope_set_site)(const char *, int);
};

struct PTO2Runtime {
    const PTO2RuntimeOps *ops;
    PTO2ScopeMode pending_scope_mode;
};

struct PTO2OrchestrationConfig {
    int expected_arg_count;
};

extern "C" PTO2Runtime *framework_current_runtime();

// ---- the inline wrappers -----------------------------------------------------------------------------------
static inline PTO2Runtime *current_runtime() { return framework_current_runtime(); }

static inline TaskOutputTensors rt_submit_task(const MixedKernels &mk, const CoreTaskArgs &args) {
    PTO2Runtime *rt = current_runtime();
    return rt->ops->is_fatal(rt) ? TaskOutputTensors{} : rt->ops->submit_task(rt, mk, args);
}
static inline TaskOutputTensors rt_submit_aic_task(int32_t kernel, const CoreTaskArgs &args) {
    MixedKernels mk;
    mk.aic_kernel_id = kernel;
    return rt_submit_task(mk, args);
}
static inline TaskOutputTensors rt_submit_aiv_task(int32_t kernel, const CoreTaskArgs &args) {
    MixedKernels mk;
    mk.aiv0_kernel_id = kernel;
    return rt_submit_task(mk, args);
}
static inline TaskOutputTensors rt_submit_dummy_task(const CoreTaskArgs &args) {
    PTO2Runtime *rt = current_runtime();
    return rt->ops->is_fatal(rt) ? TaskOutputTensors{} : rt->ops->submit_dummy_task(rt, args);
}
template <typename... CIs>
static inline TaskOutputTensors alloc_tensors(const CIs &...cis) {
    PTO2Runtime *rt = current_runtime();
    if (rt->ops->is_fatal(rt)) return TaskOutputTensors{};
    CoreTaskArgs args;
    args.add_output(cis...);
    return rt->ops->alloc_tensors(rt, args);
}
static inline void rt_scope_begin(PTO2ScopeMode mode = PTO2ScopeMode::AUTO) {
    PTO2Runtime *rt = current_runtime();
    if (rt->ops->is_fatal(rt)) return;
    rt->pending_scope_mode = mode;
    rt->ops->scope_begin(rt);
}
static inline void rt_scope_end() {
    PTO2Runtime *rt = current_runtime();
    if (!rt->ops->is_fatal(rt)) rt->ops->scope_end(rt);
}
static inline int32_t rt_available_cluster_count() {
    return current_runtime()->ops->available_cluster_count(current_runtime());
}
static inline int32_t rt_available_aiv_count() { return current_runtime()->ops->available_aiv_count(current_runtime()); }
static inline bool rt_is_fatal() { return current_runtime()->ops->is_fatal(current_runtime()); }

#define rt_report_fatal(code, fmt, ...) \
    current_runtime()->ops->report_fatal(current_runtime(), (code), __FUNCTION__, (fmt), ##__VA_ARGS__)
#define LOG_ERROR(fmt, ...) current_runtime()->ops->log_error(__FUNCTION__, fmt, ##__VA_ARGS__)
#define LOG_WARN(fmt, ...) current_runtime()->ops->log_warn(__FUNCTION__, fmt, ##__VA_ARGS__)
#define LOG_INFO(fmt, ...) current_runtime()->ops->log_info(__FUNCTION__, fmt, ##__VA_ARGS__)

template <typename T = uint64_t>
static inline T get_tensor_data(const ChipTensor &t, uint32_t ndims, const uint32_t idx[]) {
    PTO2Runtime *rt = current_runtime();
    return rt->ops->is_fatal(rt) ? from_u64<T>(0) : from_u64<T>(rt->ops->get_tensor_data(rt, t, ndims, idx));
}
template <typename T = uint64_t>
static inline void set_tensor_data(const ChipTensor &t, uint32_t ndims, const uint32_t idx[], T v) {
    PTO2Runtime *rt = current_runtime();
    if (!rt->ops->is_fatal(rt)) rt->ops->set_tensor_data(rt, t, ndims, idx, to_u64(v));
}

class PTO2ScopeGuard {
public:
    explicit PTO2ScopeGuard(PTO2ScopeMode mode = PTO2ScopeMode::AUTO, const char *file = __builtin_FILE(),
                            int line = __builtin_LINE())
        : rt_(current_runtime()) {
        if (!rt_->ops->is_fatal(rt_)) {
            rt_->pending_scope_mode = mode;
            if (rt_->ops->scope_set_site) rt_->ops->scope_set_site(file, line);
            rt_->ops->scope_begin(rt_);
        }
    }
    ~PTO2ScopeGuard() {
        if (!rt_->ops->is_fatal(rt_)) rt_->ops->scope_end(rt_);
    }

private:
    PTO2Runtime *rt_;
};

#define PTO2_CAT_(a, b) a##b
#define PTO2_CAT(a, b) PTO2_CAT_(a, b)
#define PTO2_SCOPE_GUARD(...) [[maybe_unused]] PTO2ScopeGuard PTO2_CAT(scope_guard_, __COUNTER__){__VA_ARGS__}
#define PTO2_SCOPE(...) if (PTO2ScopeGuard PTO2_CAT(scope_guard_, __COUNTER__){__VA_ARGS__}; true)
