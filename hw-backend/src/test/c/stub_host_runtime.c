/*
 * stub_host_runtime.c - ptosim's stand-in for simpler's libhost_runtime.so (HEAD C API), for tests.
 *
 * Written from ptosim's native-api.md, not from simpler's sources. It exports every symbol ptosim's
 * HostRuntime resolves, logs every call (see stub_log.h), checks the caller's side of the contract and runs
 * callables over host memory, chosen by the ChipCallable's func_name (all tensors FLOAT32, dense, same size):
 *   add             t2 = t0 + t1
 *   mul             t2 = t0 * t1
 *   vector_example  t2 = (t0+t1+1)*(t0+t1+2)+(t0+t1), evaluated step by step in float
 *   sleep           sleeps scalar 0 milliseconds, then add
 *   fail            returns -1
 *   crash           logs, then kills its own process with SIGKILL (no handler, no core dump)
 * Host tensors (address_space 0) and device tensors (address_space 1, pointers from device_malloc_ctx) are
 * both used in place. "Device" memory is malloc'd host memory.
 *
 * Rules (a violation returns -1 and the log line says error=<rule>): run storage 64-aligned and zero over
 * get_runtime_size() bytes, args 64-aligned, config and descriptor non-NULL, slot and bank < 2, callable id
 * registered, callable buffer 16-aligned, finalize_device and memory calls on the simpler_init thread.
 *
 * Knobs (environment, read at each call):
 *   PTOSIM_STUB_LOG=<file>         call log
 *   PTOSIM_STUB_CONTRACT=<field>   make get_pipeline_contract invalid in one field:
 *                                  bad|abi (abi_version 2), count (9 resources), depth (3), kind (7),
 *                                  class (3), bytes (bytes_per_copy 4096)
 *   PTOSIM_STUB_INIT_RC=<n>        simpler_init returns n
 *   PTOSIM_STUB_BIND_RC=<n>        simpler_host_log_bind_state returns n
 * Build variants: -DSTUB_OMIT_RUN leaves simpler_run out; -DSTUB_SIM_HOOK=<name> renames the sim-context hook.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <time.h>

#include "stub_log.h"

#ifndef STUB_SIM_HOOK
#define STUB_SIM_HOOK ptosim_stub_sim_attach
#endif

/* Defined by the sim context; resolves only if that was loaded RTLD_GLOBAL first. */
extern int STUB_SIM_HOOK(int device_id);

#define RUNTIME_SIZE 48512u
#define RUNTIME_ALIGN 64u
#define MAX_CALLABLES 64
#define MAX_ALLOCS 1024

/* ---- the ABI as native-api.md §12 describes it ---- */
typedef struct {
    uint32_t kind, resource_class;
    uint64_t bytes_per_copy;
} Resource;
typedef struct {
    uint32_t abi_version, resource_count, pipeline_depth;
    Resource resources[8];
} Contract;
_Static_assert(sizeof(Contract) == 144, "PipelineContract");

typedef struct __attribute__((aligned(64))) {
    uint64_t addr, size, owner_task_id, start_offset;
    int32_t version;
    uint32_t ndims;
    uint8_t dtype, manual_dep, is_contiguous, address_space;
    uint32_t shapes[5];
    uint64_t extent;
    uint32_t strides[5];
    uint8_t pad[36];
} Tensor;
_Static_assert(sizeof(Tensor) == 128, "ChipTensor");

typedef struct __attribute__((aligned(64))) {
    Tensor tensors[256];
    uint64_t scalars[128];
    int32_t tensor_count, scalar_count;
} Args;
_Static_assert(sizeof(Args) == 33856, "ChipStorageTaskArgs");

#pragma pack(push, 1)
typedef struct {
    int32_t aicpu_thread_num, flags[5];
    uint64_t rings[12];
    char output_prefix[1024];
} Config;
#pragma pack(pop)
_Static_assert(sizeof(Config) == 1144, "CallConfig");

typedef struct {
    uint32_t pipeline_slot, arena_bank;
    uint64_t run_id, generation, dispatch_id, run_epoch;
    volatile int32_t *accepted_state;
    int32_t accepted_value;
} Descriptor;
_Static_assert(sizeof(Descriptor) == 56, "NativeRunDescriptor");

#define CHIP_FUNC_NAME 1032
#define CHIP_FUNC_NAME_LEN 1096
#define CHIP_SIG_COUNT 1024
#define CHIP_BINARY_SIZE 1028
#define CHIP_CHILD_COUNT 9292

typedef struct {
    void *p;
    size_t n;
} Alloc;

typedef struct {
    long init_tid;
    int device_id, initialized;
    int registered[MAX_CALLABLES];
    char func_name[MAX_CALLABLES][64];
    Alloc allocs[MAX_ALLOCS];
    /* split phase: one prepared run */
    int prepared, launched, prepared_rc;
    void *prepared_storage;
    int prepared_id;
    Args prepared_args;
} Ctx;

static StubLogState *g_log_state;
static Contract g_contract;

int simpler_host_log_bind_state(StubLogState *state) { return stub_bind_log_state("host_runtime", &g_log_state, state); }

const Contract *get_pipeline_contract(void) {
    static const uint32_t kinds[6] = {1, 2, 3, 4, 5, 6}, classes[6] = {0, 1, 1, 1, 2, 2};
    memset(&g_contract, 0, sizeof g_contract);
    g_contract.abi_version = 1;
    g_contract.resource_count = 6;
    g_contract.pipeline_depth = 2;
    for (int i = 0; i < 6; i++) {
        g_contract.resources[i].kind = kinds[i];
        g_contract.resources[i].resource_class = classes[i];
    }
    const char *bad = getenv("PTOSIM_STUB_CONTRACT");
    if (bad && *bad) {
        if (!strcmp(bad, "bad") || !strcmp(bad, "abi")) g_contract.abi_version = 2;
        else if (!strcmp(bad, "count")) g_contract.resource_count = 9;
        else if (!strcmp(bad, "depth")) g_contract.pipeline_depth = 3;
        else if (!strcmp(bad, "kind")) g_contract.resources[2].kind = 7;
        else if (!strcmp(bad, "class")) g_contract.resources[4].resource_class = 3;
        else if (!strcmp(bad, "bytes")) g_contract.resources[1].bytes_per_copy = 4096;
    }
    StubLine l;
    stub_line_start(&l, "get_pipeline_contract");
    stub_line_add(&l, " abi=%u count=%u depth=%u", g_contract.abi_version, g_contract.resource_count,
                  g_contract.pipeline_depth);
    stub_line_end(&l);
    return &g_contract;
}

size_t get_runtime_size(void) { return RUNTIME_SIZE; }
size_t get_runtime_alignment(void) { return RUNTIME_ALIGN; }

void *create_device_context(void) {
    Ctx *c = calloc(1, sizeof(Ctx));
    StubLine l;
    stub_line_start(&l, "create_device_context");
    if (g_log_state)
        stub_line_add(&l, " log_abi=%u log_threshold=%d", g_log_state->abi_version, g_log_state->threshold);
    else
        stub_line_add(&l, " log_state=unbound");
    stub_line_add(&l, " ctx=%p", (void *)c);
    stub_line_end(&l);
    return c;
}

void destroy_device_context(void *ctx) {
    StubLine l;
    stub_line_start(&l, "destroy_device_context");
    stub_line_add(&l, " ctx=%p", ctx);
    stub_line_end(&l);
    free(ctx);
}

static uint32_t checksum(const uint8_t *p, size_t n) {
    uint32_t s = 0;
    for (size_t i = 0; i < n; i++) s = s * 31u + p[i];
    return s;
}

int simpler_init(void *ctx, int device_id, const uint8_t *aicpu, size_t aicpu_n, const uint8_t *aicore,
                 size_t aicore_n, const uint8_t *dispatcher, size_t dispatcher_n, const void *prewarm) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "simpler_init");
    stub_line_add(&l, " device=%d aicpu_n=%zu aicpu_sum=%u aicore_n=%zu aicore_sum=%u dispatcher_n=%zu dispatcher_sum=%u prewarm=%s",
                  device_id, aicpu_n, aicpu ? checksum(aicpu, aicpu_n) : 0u, aicore_n,
                  aicore ? checksum(aicore, aicore_n) : 0u, dispatcher_n,
                  dispatcher ? checksum(dispatcher, dispatcher_n) : 0u, prewarm ? "set" : "null");
    int rc = (int)stub_knob("PTOSIM_STUB_INIT_RC", 0);
    if (!c || !aicpu || !aicpu_n || !aicore || !aicore_n) rc = -1;
    if (rc == 0 && STUB_SIM_HOOK(device_id) != 0) rc = -1;
    if (rc == 0) {
        c->init_tid = stub_tid();
        c->device_id = device_id;
        c->initialized = 1;
    }
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

/* Logs a thread violation for memory calls and finalize; returns 0 when the caller is the init thread. */
static int wrong_thread(Ctx *c, StubLine *l) {
    if (!c || !c->initialized) {
        stub_line_add(l, " error=not_initialized");
        return 1;
    }
    if (c->init_tid != stub_tid()) {
        stub_line_add(l, " error=not_init_thread init_tid=%ld", c->init_tid);
        return 1;
    }
    return 0;
}

static size_t committed(Ctx *c) {
    size_t n = 0;
    for (int i = 0; i < MAX_ALLOCS; i++) n += c->allocs[i].p ? c->allocs[i].n : 0;
    return n;
}

int finalize_device(void *ctx) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "finalize_device");
    int rc = 0;
    if (wrong_thread(c, &l)) rc = -1;
    else if (c->prepared) {
        stub_line_add(&l, " error=run_outstanding");
        rc = -1;
    }
    if (rc == 0) {
        stub_line_add(&l, " committed=%zu", committed(c));
        for (int i = 0; i < MAX_ALLOCS; i++) {
            free(c->allocs[i].p);
            c->allocs[i].p = NULL;
        }
        c->initialized = 0;
    }
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

void *device_malloc_ctx(void *ctx, size_t n) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "device_malloc_ctx");
    stub_line_add(&l, " n=%zu", n);
    void *p = NULL;
    if (!wrong_thread(c, &l) && n > 0) {
        for (int i = 0; i < MAX_ALLOCS; i++) {
            if (!c->allocs[i].p) {
                p = aligned_alloc(64, (n + 63) / 64 * 64);
                if (p) {
                    memset(p, 0, n);
                    c->allocs[i].p = p;
                    c->allocs[i].n = n;
                }
                break;
            }
        }
    }
    stub_line_add(&l, " ptr=%p", p);
    stub_line_end(&l);
    return p;
}

void device_free_ctx(void *ctx, void *p) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "device_free_ctx");
    stub_line_add(&l, " ptr=%p", p);
    if (!wrong_thread(c, &l) && p) {
        int found = 0;
        for (int i = 0; i < MAX_ALLOCS; i++) {
            if (c->allocs[i].p == p) {
                free(p);
                c->allocs[i].p = NULL;
                found = 1;
                break;
            }
        }
        if (!found) stub_line_add(&l, " error=unknown_pointer");
    }
    stub_line_end(&l);
}

static int copy_checked(const char *call, void *ctx, void *dst, const void *src, size_t n) {
    StubLine l;
    stub_line_start(&l, call);
    stub_line_add(&l, " dst=%p src=%p n=%zu", dst, src, n);
    int rc = 0;
    if (wrong_thread(ctx, &l) || !dst || !src) rc = -1;
    else memcpy(dst, src, n);
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

int copy_to_device_ctx(void *ctx, void *dev, const void *host, size_t n) {
    return copy_checked("copy_to_device_ctx", ctx, dev, host, n);
}

int copy_from_device_ctx(void *ctx, void *host, const void *dev, size_t n) {
    return copy_checked("copy_from_device_ctx", ctx, host, dev, n);
}

size_t committed_device_memory_ctx(void *ctx) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "committed_device_memory_ctx");
    size_t n = 0;
    if (c && !wrong_thread(c, &l)) n = committed(c);
    stub_line_add(&l, " bytes=%zu", n);
    stub_line_end(&l);
    return n;
}

int simpler_register_callable(void *ctx, int32_t id, const void *callable) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "simpler_register_callable");
    stub_line_add(&l, " id=%d aligned16=%d", id, callable && ((uintptr_t)callable % 16) == 0);
    int rc = 0;
    if (!c || !callable || id < 0 || id >= MAX_CALLABLES) {
        stub_line_add(&l, " error=bad_argument");
        rc = -1;
    } else if ((uintptr_t)callable % 16) {
        stub_line_add(&l, " error=callable_misaligned");
        rc = -1;
    } else if (c->prepared) {
        stub_line_add(&l, " error=run_prepared");
        rc = -1;
    } else {
        const uint8_t *b = callable;
        uint32_t len, bin;
        int32_t sigs, kids;
        memcpy(&len, b + CHIP_FUNC_NAME_LEN, 4);
        memcpy(&sigs, b + CHIP_SIG_COUNT, 4);
        memcpy(&bin, b + CHIP_BINARY_SIZE, 4);
        memcpy(&kids, b + CHIP_CHILD_COUNT, 4);
        if (len > 63) len = 63;
        memcpy(c->func_name[id], b + CHIP_FUNC_NAME, len);
        c->func_name[id][len] = 0;
        c->registered[id] = 1;
        stub_line_add(&l, " func_name=%s sig_count=%d binary_size=%u child_count=%d", c->func_name[id], sigs, bin,
                      kids);
    }
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

int simpler_unregister_callable(void *ctx, int32_t id) {
    Ctx *c = ctx;
    StubLine l;
    stub_line_start(&l, "simpler_unregister_callable");
    stub_line_add(&l, " id=%d", id);
    int rc = 0;
    if (!c) rc = -1;
    else if (c->prepared) {
        stub_line_add(&l, " error=run_prepared");
        rc = -1;
    } else if (id >= 0 && id < MAX_CALLABLES) {
        stub_line_add(&l, " was_registered=%d", c->registered[id]);
        c->registered[id] = 0;
    }
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

/* ---- execution ---- */
static void log_tensors(StubLine *l, const Args *a) {
    int n = a->tensor_count < 0 ? 0 : a->tensor_count > 256 ? 256 : a->tensor_count;
    for (int i = 0; i < n; i++) {
        const Tensor *t = &a->tensors[i];
        int pad_zero = 1;
        for (int j = 0; j < 36; j++) pad_zero &= t->pad[j] == 0;
        stub_line_add(l,
                      " t%d.addr=0x%llx t%d.size=%llu t%d.owner=0x%llx t%d.start=%llu t%d.version=%d t%d.ndims=%u"
                      " t%d.dtype=%u t%d.manual_dep=%u t%d.contiguous=%u t%d.space=%u t%d.extent=%llu t%d.pad_zero=%d",
                      i, (unsigned long long)t->addr, i, (unsigned long long)t->size, i,
                      (unsigned long long)t->owner_task_id, i, (unsigned long long)t->start_offset, i, t->version, i,
                      t->ndims, i, t->dtype, i, t->manual_dep, i, t->is_contiguous, i, t->address_space, i,
                      (unsigned long long)t->extent, i, pad_zero);
        stub_line_add(l, " t%d.shapes=", i);
        for (uint32_t d = 0; d < 5; d++) stub_line_add(l, d ? ",%u" : "%u", t->shapes[d]);
        stub_line_add(l, " t%d.strides=", i);
        for (uint32_t d = 0; d < 5; d++) stub_line_add(l, d ? ",%u" : "%u", t->strides[d]);
    }
    int m = a->scalar_count < 0 ? 0 : a->scalar_count > 128 ? 128 : a->scalar_count;
    stub_line_add(l, " scalars=");
    for (int i = 0; i < m; i++) stub_line_add(l, i ? ",%llu" : "%llu", (unsigned long long)a->scalars[i]);
}

static float *data(const Tensor *t) { return (float *)(uintptr_t)t->addr + t->start_offset; }

/* Runs func over the args; returns the rc and names a failure in *error. */
static int execute(const char *func, const Args *a, StubLine *l) {
    if (!strcmp(func, "fail")) {
        stub_line_add(l, " error=callable_failed");
        return -1;
    }
    if (!strcmp(func, "crash")) {
        stub_line_add(l, " rc=crash");
        stub_line_end(l);
        kill(getpid(), SIGKILL);
        for (;;) pause();
    }
    int is_add = !strcmp(func, "add"), is_mul = !strcmp(func, "mul"), is_vec = !strcmp(func, "vector_example"),
        is_sleep = !strcmp(func, "sleep");
    if (!is_add && !is_mul && !is_vec && !is_sleep) {
        stub_line_add(l, " error=unknown_func");
        return -1;
    }
    if (a->tensor_count < 3) {
        stub_line_add(l, " error=needs_3_tensors");
        return -1;
    }
    uint64_t n = a->tensors[2].extent;
    for (int i = 0; i < 3; i++) {
        if (a->tensors[i].dtype != 0 || a->tensors[i].extent != n || a->tensors[i].size < n * 4 ||
            !a->tensors[i].addr) {
            stub_line_add(l, " error=tensor%d_not_matching_fp32", i);
            return -1;
        }
    }
    if (is_sleep) {
        if (a->scalar_count < 1) {
            stub_line_add(l, " error=needs_scalar0_ms");
            return -1;
        }
        struct timespec ts = {(time_t)(a->scalars[0] / 1000), (long)(a->scalars[0] % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0) {
        }
    }
    const float *x = data(&a->tensors[0]), *y = data(&a->tensors[1]);
    float *z = data(&a->tensors[2]);
    for (uint64_t i = 0; i < n; i++) {
        if (is_mul) {
            z[i] = x[i] * y[i];
        } else if (is_vec) {
            float s = x[i] + y[i];
            float p = s + 1.0f;
            float q = s + 2.0f;
            float r = p * q;
            z[i] = r + s;
        } else {
            z[i] = x[i] + y[i];
        }
    }
    return 0;
}

/* Checks a prepare's arguments and copies the args; the storage is marked busy. Returns the rc. */
static int prepare(Ctx *c, void *rt, int32_t id, const void *args, const void *cfg, const void *desc, StubLine *l) {
    int storage_aligned = rt && ((uintptr_t)rt % RUNTIME_ALIGN) == 0, storage_zeroed = 0;
    if (rt) {
        storage_zeroed = 1;
        const uint8_t *s = rt;
        for (size_t i = 0; i < RUNTIME_SIZE; i++) storage_zeroed &= s[i] == 0;
    }
    int args_aligned = args && ((uintptr_t)args % 64) == 0;
    stub_line_add(l, " id=%d storage_aligned=%d storage_zeroed=%d args_aligned=%d", id, storage_aligned,
                  storage_zeroed, args_aligned);
    if (cfg) {
        const Config *k = cfg;
        int rest_zero = 1;
        for (int i = 0; i < 5; i++) rest_zero &= k->flags[i] == 0;
        for (int i = 0; i < 12; i++) rest_zero &= k->rings[i] == 0;
        for (int i = 0; i < 1024; i++) rest_zero &= k->output_prefix[i] == 0;
        stub_line_add(l, " cfg.aicpu_thread_num=%d cfg.rest_zero=%d", k->aicpu_thread_num, rest_zero);
    }
    if (desc) {
        const Descriptor *d = desc;
        stub_line_add(l,
                      " desc.slot=%u desc.bank=%u desc.run_id=%llu desc.generation=%llu desc.dispatch_id=%llu"
                      " desc.run_epoch=%llu desc.accepted_state=%p desc.accepted_value=%d",
                      d->pipeline_slot, d->arena_bank, (unsigned long long)d->run_id,
                      (unsigned long long)d->generation, (unsigned long long)d->dispatch_id,
                      (unsigned long long)d->run_epoch, (void *)d->accepted_state, d->accepted_value);
    }
    if (args_aligned) {
        const Args *a = args;
        stub_line_add(l, " tensor_count=%d scalar_count=%d", a->tensor_count, a->scalar_count);
        log_tensors(l, a);
    }
    const char *error = NULL;
    if (!c || !c->initialized) error = "not_initialized";
    else if (!rt || !args || !cfg || !desc) error = "null_argument";
    else if (!storage_aligned) error = "storage_misaligned";
    else if (!storage_zeroed) error = "storage_not_zeroed";
    else if (!args_aligned) error = "args_misaligned";
    else if (((const Descriptor *)desc)->pipeline_slot >= 2 || ((const Descriptor *)desc)->arena_bank >= 2)
        error = "slot_or_bank_out_of_range";
    else if (id < 0 || id >= MAX_CALLABLES || !c->registered[id]) error = "unknown_callable";
    else if (c->prepared) error = "run_prepared";
    else if (((const Args *)args)->tensor_count < 0 || ((const Args *)args)->tensor_count > 256 ||
             ((const Args *)args)->scalar_count < 0 || ((const Args *)args)->scalar_count > 128)
        error = "bad_counts";
    if (error) {
        stub_line_add(l, " error=%s", error);
        return -1;
    }
    memcpy(&c->prepared_args, args, sizeof(Args));
    c->prepared = 1;
    c->launched = 0;
    c->prepared_rc = 0;
    c->prepared_storage = rt;
    c->prepared_id = id;
    memset(rt, 0xA5, 64); /* storage now holds a prepared run */
    return 0;
}

static int launch(Ctx *c, StubLine *l) {
    if (!c || !c->prepared || c->launched) {
        stub_line_add(l, " error=nothing_prepared");
        return -1;
    }
    c->launched = 1;
    c->prepared_rc = execute(c->func_name[c->prepared_id], &c->prepared_args, l);
    return c->prepared_rc;
}

static int finalize_run(Ctx *c, StubLine *l) {
    if (!c || !c->prepared) {
        stub_line_add(l, " error=nothing_prepared");
        return -1;
    }
    memset(c->prepared_storage, 0, RUNTIME_SIZE); /* reusable after finalize */
    c->prepared = 0;
    return c->launched ? c->prepared_rc : 0;
}

#ifndef STUB_OMIT_RUN
int simpler_run(void *ctx, void *rt, int32_t id, const void *args, const void *cfg, const void *desc) {
    StubLine l;
    stub_line_start(&l, "simpler_run");
    int rc = prepare(ctx, rt, id, args, cfg, desc, &l);
    if (rc == 0) {
        int launched = launch(ctx, &l);
        int finalized = finalize_run(ctx, &l);
        rc = finalized != 0 ? finalized : launched;
    }
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}
#endif

int simpler_prepare_run(void *ctx, void *rt, int32_t id, const void *args, const void *cfg, const void *desc) {
    StubLine l;
    stub_line_start(&l, "simpler_prepare_run");
    int rc = prepare(ctx, rt, id, args, cfg, desc, &l);
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

int simpler_launch_run(void *ctx, void *rt) {
    StubLine l;
    stub_line_start(&l, "simpler_launch_run");
    (void)rt;
    int rc = launch(ctx, &l);
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

int simpler_poll_run(void *ctx, void *rt) {
    Ctx *c = ctx;
    (void)rt;
    return !c || !c->prepared ? -1 : c->launched ? 1 : 0;
}

int simpler_wait_run(void *ctx, void *rt) {
    Ctx *c = ctx;
    (void)rt;
    return !c || !c->prepared || !c->launched ? -1 : c->prepared_rc;
}

int simpler_finalize_run(void *ctx, void *rt) {
    StubLine l;
    stub_line_start(&l, "simpler_finalize_run");
    (void)rt;
    int rc = finalize_run(ctx, &l);
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}
