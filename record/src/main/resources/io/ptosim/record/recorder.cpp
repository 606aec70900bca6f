// ptosim's orchestration recorder.
//
// Stands in for simpler's runtime behind the orchestration ABI (ptosim's orchestration-abi.md): it loads a
// user's compiled orchestration .so, hands it a runtime whose function table records every call, runs the
// entry once and writes one JSON object per call to a file. ptosim turns that file into a ptosim program.
//
// It is compiled by ptosim on first use, against the same simpler headers the .so was built from (the
// table and the argument structs have no version field), with the system C++ compiler.
//
// usage: recorder ORCH.so INPUTS OUT.jsonl [--clusters N] [--aivs N] [--timeout SECONDS]
//   INPUTS: one line per entry argument, tensors first:
//     tensor NAME DTYPE_CODE NDIMS S0 .. Sn-1 DATA_FILE|fill:BITS|-   (- : zeros)
//     scalar BITS
// exit status: 0 recorded (see the "done" line), 3 timed out, 4 the .so or its symbols could not be
// loaded, 5 bad inputs, 128+N killed by signal N.

#include <cxxabi.h>
#include <dlfcn.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pto_orchestration_api.h"

// The orchestration headers declare these; the .so brings its own copies, this executable keeps its
// own (an executable does not export its symbols to a dlopen'ed object unless linked -rdynamic).
[[noreturn]] void assert_impl(const char *condition, const char *file, int line) {
    throw std::logic_error(std::string("assertion failed in the recorder: ") + condition + " at " + file + ":" +
                           std::to_string(line));
}

namespace {

constexpr int kRings = 4;
constexpr uint64_t kOutputAlign = 1024;
constexpr uint64_t kHeapChunk = 1ULL << 30;
constexpr int32_t kInvalidArgs = 5;

// ---------------------------------------------------------------------------------------------------
// Output: our own buffer, so a signal handler can write out what is pending with write(2).

int out_fd = -1;
char *out_buf = nullptr;
size_t out_len = 0;
constexpr size_t kOutCap = 1 << 20;

void flush_out() {
    size_t done = 0;
    while (done < out_len) {
        ssize_t n = write(out_fd, out_buf + done, out_len - done);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        done += static_cast<size_t>(n);
    }
    out_len = 0;
}

void put(const char *s, size_t n) {
    if (out_len + n > kOutCap) flush_out();
    if (n > kOutCap) {
        (void)!write(out_fd, s, n);
        return;
    }
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}

void put(const char *s) { put(s, strlen(s)); }

void put_u64(uint64_t v) {
    char b[24];
    int n = snprintf(b, sizeof b, "\"%" PRIu64 "\"", v);
    put(b, static_cast<size_t>(n));
}

void put_int(int64_t v) {
    char b[24];
    int n = snprintf(b, sizeof b, "%" PRId64, v);
    put(b, static_cast<size_t>(n));
}

void put_bool(bool v) { put(v ? "true" : "false"); }

void put_str(const char *s) {
    put("\"");
    if (s == nullptr) s = "";
    for (const unsigned char *p = reinterpret_cast<const unsigned char *>(s); *p; ++p) {
        char b[8];
        switch (*p) {
            case '"': put("\\\""); break;
            case '\\': put("\\\\"); break;
            case '\n': put("\\n"); break;
            case '\r': put("\\r"); break;
            case '\t': put("\\t"); break;
            default:
                if (*p < 0x20) {
                    snprintf(b, sizeof b, "\\u%04x", *p);
                    put(b);
                } else {
                    put(reinterpret_cast<const char *>(p), 1);
                }
        }
    }
    put("\"");
}

void end_line() {
    put("}\n");
    if (out_len > kOutCap - (64 << 10)) flush_out();
}

// ---------------------------------------------------------------------------------------------------
// Memory the orchestration may point at: the entry's input buffers and the per-ring fake heaps.

struct Region {
    uint64_t base;
    uint64_t size;
    int input;  // index of the entry input, or -1 for the heap
};

std::vector<Region> regions;

void *map_zeroed(uint64_t bytes) {
    void *p = mmap(nullptr, bytes == 0 ? 1 : bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
}

const Region *region_of(uint64_t addr, uint64_t bytes) {
    for (const Region &r : regions) {
        if (addr >= r.base && addr - r.base <= r.size && bytes <= r.size - (addr - r.base)) return &r;
    }
    return nullptr;
}

struct HeapRing {
    uint64_t chunk_base = 0;
    uint64_t chunk_used = 0;
    uint64_t chunk_size = 0;

    uint64_t take(uint64_t bytes) {
        if (bytes == 0) return 0;
        if (chunk_base == 0 || chunk_size - chunk_used < bytes) {
            uint64_t size = bytes > kHeapChunk ? bytes : kHeapChunk;
            void *p = map_zeroed(size);
            if (p == nullptr) throw std::runtime_error("recorder: cannot map " + std::to_string(size) + " bytes of fake heap");
            chunk_base = reinterpret_cast<uint64_t>(p);
            chunk_used = 0;
            chunk_size = size;
            regions.push_back(Region{chunk_base, size, -1});
        }
        uint64_t at = chunk_base + chunk_used;
        chunk_used += bytes;
        return at;
    }
};

// ---------------------------------------------------------------------------------------------------
// The runtime the orchestration sees.

PTO2RuntimeOps ops_table;
PTO2Runtime runtime_holder;
std::mutex calls;
std::thread::id main_thread;
uint64_t other_thread_calls = 0;

std::vector<int> scope_modes;  // open scopes, the executor's root scope first
const char *site_file = nullptr;
int site_line = 0;
uint32_t next_local[kRings] = {0, 0, 0, 0};
HeapRing heaps[kRings];
std::deque<ChipTensor> materialized;  // outputs stay where the orchestration's references point
bool fatal = false;
int32_t clusters = 24;
int32_t aivs = 48;

uint64_t elem_size(const ChipTensor &t) { return get_element_size(t.dtype); }

void count_thread() {
    if (std::this_thread::get_id() != main_thread) other_thread_calls++;
}

void put_tensor(const ChipTensor &t) {
    put("{\"addr\":");
    put_u64(t.buffer.addr);
    put(",\"size\":");
    put_u64(t.buffer.size);
    put(",\"owner\":");
    put_u64(t.owner_task_id.raw);
    put(",\"off\":");
    put_u64(t.start_offset);
    put(",\"ver\":");
    put_int(t.version);
    put(",\"dt\":");
    put_int(static_cast<int>(t.dtype));
    put(",\"md\":");
    put_bool(t.manual_dep);
    put(",\"as\":");
    put_int(static_cast<int>(t.address_space));
    uint32_t nd = t.ndims <= MAX_TENSOR_DIMS ? t.ndims : MAX_TENSOR_DIMS;
    put(",\"shape\":[");
    for (uint32_t i = 0; i < nd; i++) {
        if (i) put(",");
        put_int(t.shapes[i]);
    }
    put("],\"strides\":[");
    for (uint32_t i = 0; i < nd; i++) {
        if (i) put(",");
        put_int(t.strides[i]);
    }
    put("]}");
}

void put_create_info(const TensorCreateInfo &ci) {
    put("{\"dt\":");
    put_int(static_cast<int>(ci.dtype));
    put(",\"md\":");
    put_bool(ci.manual_dep);
    put(",\"shape\":[");
    uint32_t nd = ci.ndims <= MAX_TENSOR_DIMS ? ci.ndims : MAX_TENSOR_DIMS;
    for (uint32_t i = 0; i < nd; i++) {
        if (i) put(",");
        put_int(ci.shapes[i]);
    }
    put("]");
    if (ci.has_initial_value) {
        put(",\"init\":");
        put_u64(ci.initial_value);
    }
    put("}");
}

void put_indices(uint32_t ndims, const uint32_t idx[]) {
    put("[");
    for (uint32_t i = 0; i < ndims && idx != nullptr; i++) {
        if (i) put(",");
        put_int(idx[i]);
    }
    put("]");
}

void put_ev(const char *ev) {
    put("{\"ev\":\"");
    put(ev);
    put("\"");
}

void record_fatal(int32_t code, const char *func, const char *msg) {
    fatal = true;
    put_ev("fatal");
    put(",\"code\":");
    put_int(code);
    put(",\"func\":");
    put_str(func);
    put(",\"msg\":");
    put_str(msg);
    end_line();
}

uint64_t output_bytes(const TensorCreateInfo &ci) {
    uint64_t n = 1;
    for (uint32_t i = 0; i < ci.ndims && i < MAX_TENSOR_DIMS; i++) n *= ci.shapes[i];
    uint64_t bytes = n * get_element_size(ci.dtype);
    return (bytes + kOutputAlign - 1) / kOutputAlign * kOutputAlign;
}

// Materializes one OUTPUT as the runtime does: contiguous, at `addr` in the task's packed heap buffer,
// owned by `id`, filled with its initial value if it has one.
const ChipTensor &materialize(const TensorCreateInfo &ci, uint64_t addr, uint64_t bytes, PTO2TaskId id) {
    materialized.emplace_back();
    ChipTensor &t = materialized.back();
    memset(static_cast<void *>(&t), 0, sizeof t);
    t.buffer.addr = addr;
    t.buffer.size = bytes;
    t.owner_task_id = id;
    t.start_offset = 0;
    t.version = ci.version;
    t.ndims = ci.ndims;
    t.dtype = ci.dtype;
    t.manual_dep = ci.manual_dep;
    t.is_contiguous = true;
    uint64_t stride = 1;
    for (int32_t i = static_cast<int32_t>(ci.ndims) - 1; i >= 0; --i) {
        t.shapes[i] = ci.shapes[i];
        t.strides[i] = static_cast<uint32_t>(stride);
        stride *= ci.shapes[i];
    }
    t.extent_elem_cache = stride;
    if (ci.has_initial_value && addr != 0) {
        uint64_t es = get_element_size(ci.dtype);
        char *dst = reinterpret_cast<char *>(addr);
        for (uint64_t b = 0; b + es <= bytes; b += es) memcpy(dst + b, &ci.initial_value, es);
    }
    return t;
}

PTO2TaskId next_task_id() {
    int depth = static_cast<int>(scope_modes.size()) - 1;
    int ring = depth < 0 ? 0 : (depth < kRings ? depth : kRings - 1);
    return PTO2TaskId::make(static_cast<uint8_t>(ring), next_local[ring]++);
}

// Allocates the task's packed output buffer and materializes every OUTPUT of `args`, writing
// "args" (or "outs" for alloc_tensors) as it goes.
void submit_outputs(const CoreTaskArgs &args, PTO2TaskId id, TaskOutputTensors &result, bool alloc_only) {
    uint64_t total = 0;
    for (int32_t i = 0; i < args.tensor_count(); i++) {
        if (args.tag(i) == TensorArgType::OUTPUT) total += output_bytes(args.tensor(i).create_info());
    }
    uint64_t base = heaps[id.ring()].take(total);
    uint64_t at = base;
    put(alloc_only ? ",\"outs\":[" : ",\"args\":[");
    bool first = true;
    for (int32_t i = 0; i < args.tensor_count(); i++) {
        TensorArgType tag = args.tag(i);
        if (alloc_only && tag != TensorArgType::OUTPUT) continue;
        if (!first) put(",");
        first = false;
        put("{\"tag\":");
        put_int(static_cast<int>(tag));
        if (tag == TensorArgType::OUTPUT) {
            const TensorCreateInfo &ci = args.tensor(i).create_info();
            uint64_t bytes = output_bytes(ci);
            const ChipTensor &t = materialize(ci, at, bytes, id);
            at += bytes;
            result.materialize_output(t);
            put(",\"ci\":");
            put_create_info(ci);
            put(",\"t\":");
            put_tensor(t);
        } else {
            put(",\"t\":");
            put_tensor(args.tensor(i).ref());
        }
        put("}");
    }
    put("]");
}

void put_common_args(const CoreTaskArgs &args) {
    put(",\"sc\":[");
    for (int32_t i = 0; i < args.scalar_count(); i++) {
        if (i) put(",");
        put_u64(args.scalar(i));
    }
    put("],\"deps\":[");
    for (uint32_t i = 0; i < args.explicit_dep_count(); i++) {
        if (i) put(",");
        put("{\"id\":");
        put_u64(args.explicit_dep(i).raw);
        put(",\"kind\":");
        put_int(static_cast<int>(args.explicit_dep_kind(i)));
        put("}");
    }
    put("],\"bn\":");
    put_int(args.launch_spec.block_num());
    put(",\"sync\":");
    put_bool(args.launch_spec.require_sync_start());
    put(",\"early\":");
    put_bool(args.allow_early_resolve());
    put(",\"slot\":");
    put_int(args.task_timing_slot());
    put(",\"dump\":");
    put_u64(args.dump_arg_mask());
    const CoreTaskPredicate &pred = args.predicate();
    if (pred.op != PredicateOp::NONE) {
        put(",\"pred\":{\"op\":");
        put_int(static_cast<int>(pred.op));
        put(",\"target\":");
        put_int(pred.target);
        put(",\"idx\":");
        put_indices(pred.operand.ndims, pred.operand.indices);
        if (pred.operand.tensor != nullptr) {
            put(",\"t\":");
            put_tensor(*pred.operand.tensor);
        }
        put("}");
    }
}

TaskOutputTensors submit_common(const MixedKernels *mk, const CoreTaskArgs &args) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    TaskOutputTensors result;
    if (fatal) return result;
    if (args.has_error) {
        record_fatal(kInvalidArgs, mk ? "submit_task" : "submit_dummy_task",
                     args.error_msg ? args.error_msg : "invalid Arg");
        return result;
    }
    if (scope_modes.empty()) {
        record_fatal(kInvalidArgs, "submit_task", "submit outside every scope");
        return result;
    }
    PTO2TaskId id = next_task_id();
    result.set_task_id(id);
    put_ev("submit");
    put(",\"id\":");
    put_u64(id.raw);
    put(",\"k\":[");
    put_int(mk ? mk->aic_kernel_id : -1);
    put(",");
    put_int(mk ? mk->aiv0_kernel_id : -1);
    put(",");
    put_int(mk ? mk->aiv1_kernel_id : -1);
    put("],\"dummy\":");
    put_bool(mk == nullptr);
    submit_outputs(args, id, result, false);
    put_common_args(args);
    end_line();
    return result;
}

TaskOutputTensors op_submit_task(PTO2Runtime *, const MixedKernels &mk, const CoreTaskArgs &args) {
    return submit_common(&mk, args);
}

TaskOutputTensors op_submit_dummy_task(PTO2Runtime *, const CoreTaskArgs &args) { return submit_common(nullptr, args); }

TaskOutputTensors op_alloc_tensors(PTO2Runtime *, const CoreTaskArgs &args) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    TaskOutputTensors result;
    if (fatal) return result;
    const char *bad = nullptr;
    if (args.tensor_count() <= 0) bad = "alloc_tensors requires at least one TensorCreateInfo";
    if (args.scalar_count() != 0) bad = "alloc_tensors only accepts output TensorCreateInfo args";
    for (int32_t i = 0; i < args.tensor_count(); i++) {
        if (args.tag(i) != TensorArgType::OUTPUT) bad = "alloc_tensors only accepts output TensorCreateInfo args";
    }
    if (bad == nullptr && args.has_error) bad = args.error_msg ? args.error_msg : "alloc_tensors failed to construct output-only Arg";
    if (bad != nullptr) {
        record_fatal(kInvalidArgs, "alloc_tensors", bad);
        return result;
    }
    PTO2TaskId id = next_task_id();
    result.set_task_id(id);
    put_ev("alloc");
    put(",\"id\":");
    put_u64(id.raw);
    submit_outputs(args, id, result, true);
    end_line();
    return result;
}

void op_scope_begin(PTO2Runtime *rt) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    int mode = static_cast<int>(rt->pending_scope_mode);
    scope_modes.push_back(mode);
    put_ev("scope_begin");
    put(",\"mode\":");
    put_int(mode);
    put(",\"depth\":");
    put_int(static_cast<int64_t>(scope_modes.size()) - 1);
    if (site_file != nullptr) {
        put(",\"file\":");
        put_str(site_file);
        put(",\"line\":");
        put_int(site_line);
    }
    end_line();
    site_file = nullptr;
    site_line = 0;
    rt->pending_scope_mode = PTO2ScopeMode::AUTO;
}

void op_scope_end(PTO2Runtime *) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    put_ev("scope_end");
    put(",\"depth\":");
    put_int(static_cast<int64_t>(scope_modes.size()) - 1);
    end_line();
    if (!scope_modes.empty()) scope_modes.pop_back();
}

void op_scope_set_site(const char *file, int line) {
    std::lock_guard<std::mutex> lock(calls);
    site_file = file;
    site_line = line;
}

void op_orchestration_done(PTO2Runtime *) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    put_ev("orchestration_done");
    end_line();
}

bool op_is_fatal(PTO2Runtime *) { return fatal; }

void op_report_fatal(PTO2Runtime *, int32_t code, const char *func, const char *fmt, ...) {
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt ? fmt : "", ap);
    va_end(ap);
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    record_fatal(code, func, msg);
}

void log_line(const char *level, const char *func, const char *fmt, va_list ap) {
    char msg[4096];
    vsnprintf(msg, sizeof msg, fmt ? fmt : "", ap);
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    put_ev("log");
    put(",\"level\":\"");
    put(level);
    put("\",\"func\":");
    put_str(func);
    put(",\"msg\":");
    put_str(msg);
    end_line();
}

#define PTOSIM_LOG_OP(name, level)                          \
    void name(const char *func, const char *fmt, ...) {     \
        va_list ap;                                         \
        va_start(ap, fmt);                                  \
        log_line(level, func, fmt, ap);                     \
        va_end(ap);                                         \
    }
PTOSIM_LOG_OP(op_log_error, "error")
PTOSIM_LOG_OP(op_log_warn, "warn")
PTOSIM_LOG_OP(op_log_timing, "timing")
PTOSIM_LOG_OP(op_log_info, "info")
PTOSIM_LOG_OP(op_log_debug, "debug")
#undef PTOSIM_LOG_OP

// The byte address of one element, or 0 (with `where` saying why) when it is not in recorder memory.
uint64_t element_addr(const ChipTensor &t, uint32_t ndims, const uint32_t idx[], const char **where, int *input) {
    uint64_t off = t.start_offset;
    for (uint32_t d = 0; d < ndims && d < MAX_TENSOR_DIMS && idx != nullptr; d++) {
        off += static_cast<uint64_t>(idx[d]) * t.strides[d];
    }
    uint64_t addr = t.buffer.addr + off * elem_size(t);
    const Region *r = region_of(addr, elem_size(t));
    if (r == nullptr) {
        *where = "unmapped";
        *input = -1;
        return 0;
    }
    *where = r->input >= 0 ? "input" : "heap";
    *input = r->input;
    return addr;
}

// One get/set_tensor_data line: the tensor, the element, the value and where its memory was.
void put_data_event(const char *ev, const ChipTensor &t, uint32_t ndims, const uint32_t idx[], uint64_t value,
                    const char *where) {
    put_ev(ev);
    put(",\"t\":");
    put_tensor(t);
    put(",\"idx\":");
    put_indices(ndims, idx);
    put(",\"value\":");
    put_u64(value);
    put(",\"mem\":\"");
    put(where);
    put("\"");
    end_line();
}

uint64_t op_get_tensor_data(PTO2Runtime *, const ChipTensor &t, uint32_t ndims, const uint32_t idx[]) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    const char *where;
    int input;
    uint64_t addr = element_addr(t, ndims, idx, &where, &input);
    uint64_t value = 0;
    if (addr != 0) memcpy(&value, reinterpret_cast<const void *>(addr), elem_size(t));
    put_data_event("get", t, ndims, idx, value, where);
    return value;
}

void op_set_tensor_data(PTO2Runtime *, const ChipTensor &t, uint32_t ndims, const uint32_t idx[], uint64_t value) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    const char *where;
    int input;
    uint64_t addr = element_addr(t, ndims, idx, &where, &input);
    if (addr != 0) memcpy(reinterpret_cast<void *>(addr), &value, elem_size(t));
    put_data_event("set", t, ndims, idx, value, where);
}

int32_t query(const char *what, int32_t value) {
    std::lock_guard<std::mutex> lock(calls);
    count_thread();
    put_ev("query");
    put(",\"what\":\"");
    put(what);
    put("\",\"value\":");
    put_int(value);
    end_line();
    return value;
}

int32_t op_available_cluster_count(PTO2Runtime *) { return query("available_cluster_count", clusters); }

int32_t op_available_aiv_count(PTO2Runtime *) { return query("available_aiv_count", aivs); }

// ---------------------------------------------------------------------------------------------------
// Process plumbing.

void on_signal(int sig) {
    flush_out();
    char line[96];
    int n = sig == SIGALRM ? snprintf(line, sizeof line, "{\"ev\":\"timeout\"}\n")
                           : snprintf(line, sizeof line, "{\"ev\":\"signal\",\"signal\":%d}\n", sig);
    (void)!write(out_fd, line, static_cast<size_t>(n));
    _exit(sig == SIGALRM ? 3 : 128 + sig);
}

void install_handlers() {
    static char alt[1 << 16];
    stack_t ss;
    ss.ss_sp = alt;
    ss.ss_size = sizeof alt;
    ss.ss_flags = 0;
    sigaltstack(&ss, nullptr);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTERM, SIGINT, SIGALRM}) sigaction(sig, &sa, nullptr);
}

[[noreturn]] void fail(int rc, const std::string &what) {
    put_ev("error");
    put(",\"msg\":");
    put_str(what.c_str());
    end_line();
    flush_out();
    fprintf(stderr, "recorder: %s\n", what.c_str());
    _exit(rc);
}

std::string exception_type() {
    std::type_info *t = abi::__cxa_current_exception_type();
    if (t == nullptr) return "unknown";
    int status = 0;
    char *name = abi::__cxa_demangle(t->name(), nullptr, nullptr, &status);
    std::string s = status == 0 && name != nullptr ? name : t->name();
    free(name);
    return s;
}

// The 16-byte host-log state simpler's modules bind to (versioned: abi 1, 16 bytes).
struct HostLogState {
    uint32_t abi_version;
    uint32_t struct_size;
    int32_t threshold;
    int32_t clock_anchor_pid;
};
HostLogState host_log{1, 16, 30, 0};

using EntryFn = void (*)(const ChipTaskArgs &);
using ConfigFn = PTO2OrchestrationConfig (*)(const ChipTaskArgs &);
using BindFn = void (*)(PTO2Runtime *);
using LogBindFn = void (*)(HostLogState *);

ChipStorageTaskArgs storage;
ChipTaskArgs entry_args;

struct InputSpec {
    std::string name;
    int dtype;
    std::vector<uint32_t> shape;
    std::string data;
};

void read_inputs(const char *path, std::vector<InputSpec> &tensors, std::vector<uint64_t> &scalars) {
    FILE *f = fopen(path, "r");
    if (f == nullptr) fail(5, std::string("cannot read inputs file ") + path);
    char kind[16];
    while (fscanf(f, "%15s", kind) == 1) {
        if (strcmp(kind, "scalar") == 0) {
            unsigned long long v;
            if (fscanf(f, "%llu", &v) != 1) fail(5, "inputs: bad scalar line");
            scalars.push_back(v);
        } else if (strcmp(kind, "tensor") == 0) {
            char name[256], data[4096];
            int dtype;
            unsigned nd;
            if (fscanf(f, "%255s %d %u", name, &dtype, &nd) != 3 || nd < 1 || nd > MAX_TENSOR_DIMS) {
                fail(5, "inputs: bad tensor line");
            }
            InputSpec in{name, dtype, {}, ""};
            for (unsigned i = 0; i < nd; i++) {
                unsigned s;
                if (fscanf(f, "%u", &s) != 1) fail(5, "inputs: bad shape of " + in.name);
                in.shape.push_back(s);
            }
            if (fscanf(f, " %4095[^\n]", data) != 1) fail(5, "inputs: no data file for " + in.name);
            in.data = strcmp(data, "-") == 0 ? "" : data;
            tensors.push_back(in);
        } else {
            fail(5, std::string("inputs: unknown line kind ") + kind);
        }
    }
    fclose(f);
}

ChipTensor make_input(const InputSpec &in, uint64_t addr, uint64_t bytes) {
    ChipTensor t;
    memset(static_cast<void *>(&t), 0, sizeof t);
    t.buffer.addr = addr;
    t.buffer.size = bytes;
    t.owner_task_id = PTO2TaskId::invalid();
    t.start_offset = 0;
    t.version = 0;
    t.ndims = static_cast<uint32_t>(in.shape.size());
    t.dtype = static_cast<DataType>(in.dtype);
    t.manual_dep = false;
    t.is_contiguous = true;
    uint64_t stride = 1;
    for (int32_t i = static_cast<int32_t>(in.shape.size()) - 1; i >= 0; --i) {
        t.shapes[i] = in.shape[i];
        t.strides[i] = static_cast<uint32_t>(stride);
        stride *= in.shape[i];
    }
    t.extent_elem_cache = stride;
    return t;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s ORCH.so INPUTS OUT.jsonl [--clusters N] [--aivs N] [--timeout S]\n", argv[0]);
        return 5;
    }
    unsigned timeout = 0;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--clusters") == 0) clusters = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--aivs") == 0) aivs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--timeout") == 0) timeout = static_cast<unsigned>(atoi(argv[i + 1]));
    }
    out_fd = fileno(fopen(argv[3], "w"));
    if (out_fd < 0) {
        fprintf(stderr, "recorder: cannot write %s\n", argv[3]);
        return 5;
    }
    out_buf = static_cast<char *>(malloc(kOutCap));
    main_thread = std::this_thread::get_id();
    install_handlers();
    if (timeout > 0) alarm(timeout);

    put_ev("start");
    put(",\"so\":");
    put_str(argv[1]);
    put(",\"clusters\":");
    put_int(clusters);
    put(",\"aivs\":");
    put_int(aivs);
    end_line();

    std::vector<InputSpec> inputs;
    std::vector<uint64_t> scalars;
    read_inputs(argv[2], inputs, scalars);
    for (size_t i = 0; i < inputs.size(); i++) {
        const InputSpec &in = inputs[i];
        if (in.dtype < 0 || in.dtype >= static_cast<int>(DataType::DATA_TYPE_NUM)) fail(5, "inputs: bad dtype of " + in.name);
        uint64_t numel = 1;
        for (uint32_t s : in.shape) numel *= s;
        uint64_t bytes = numel * get_element_size(static_cast<DataType>(in.dtype));
        void *mem = map_zeroed(bytes);
        if (mem == nullptr) fail(5, "cannot map " + std::to_string(bytes) + " bytes for input " + in.name);
        uint64_t loaded = 0;
        if (in.data.rfind("fill:", 0) == 0) {
            uint64_t bits = strtoull(in.data.c_str() + 5, nullptr, 10);
            uint64_t es = get_element_size(static_cast<DataType>(in.dtype));
            for (uint64_t b = 0; b + es <= bytes; b += es) memcpy(static_cast<char *>(mem) + b, &bits, es);
            loaded = bytes;
        } else if (!in.data.empty()) {
            FILE *d = fopen(in.data.c_str(), "rb");
            if (d == nullptr) fail(5, "cannot read " + in.data + " for input " + in.name);
            loaded = fread(mem, 1, bytes, d);
            fclose(d);
        }
        uint64_t addr = reinterpret_cast<uint64_t>(mem);
        regions.push_back(Region{addr, bytes, static_cast<int>(i)});
        try {
            storage.add_tensor(make_input(in, addr, bytes));
        } catch (const std::exception &e) {
            fail(5, std::string("input ") + in.name + ": " + e.what());
        }
        put_ev("input");
        put(",\"index\":");
        put_int(static_cast<int64_t>(i));
        put(",\"name\":");
        put_str(in.name.c_str());
        put(",\"loaded\":");
        put_u64(loaded);
        put(",\"t\":");
        put_tensor(storage.tensor(static_cast<int32_t>(i)));
        end_line();
    }
    for (uint64_t s : scalars) {
        try {
            storage.add_scalar(s);
        } catch (const std::exception &e) {
            fail(5, std::string("scalar: ") + e.what());
        }
    }

    void *so = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL);
    if (so == nullptr) fail(4, std::string("dlopen failed: ") + dlerror());
    LogBindFn log_bind = reinterpret_cast<LogBindFn>(dlsym(so, "simpler_host_log_bind_state"));
    if (log_bind != nullptr) log_bind(&host_log);
    EntryFn entry = reinterpret_cast<EntryFn>(dlsym(so, "aicpu_orchestration_entry"));
    ConfigFn config = reinterpret_cast<ConfigFn>(dlsym(so, "aicpu_orchestration_config"));
    BindFn bind = reinterpret_cast<BindFn>(dlsym(so, "framework_bind_runtime"));
    if (entry == nullptr) fail(4, "the .so does not export aicpu_orchestration_entry");
    if (bind == nullptr) fail(4, "the .so does not export framework_bind_runtime");

    ops_table.submit_task = op_submit_task;
    ops_table.scope_begin = op_scope_begin;
    ops_table.scope_end = op_scope_end;
    ops_table.orchestration_done = op_orchestration_done;
    ops_table.is_fatal = op_is_fatal;
    ops_table.report_fatal = op_report_fatal;
    ops_table.log_error = op_log_error;
    ops_table.log_warn = op_log_warn;
    ops_table.log_timing = op_log_timing;
    ops_table.log_info = op_log_info;
    ops_table.log_debug = op_log_debug;
    ops_table.get_tensor_data = op_get_tensor_data;
    ops_table.set_tensor_data = op_set_tensor_data;
    ops_table.alloc_tensors = op_alloc_tensors;
    ops_table.submit_dummy_task = op_submit_dummy_task;
    ops_table.available_cluster_count = op_available_cluster_count;
    ops_table.available_aiv_count = op_available_aiv_count;
    ops_table.scope_set_site = op_scope_set_site;
    runtime_holder.ops = &ops_table;
    runtime_holder.pending_scope_mode = PTO2ScopeMode::AUTO;

    std::string status = "ok";
    std::string what;
    std::string type;
    try {
        entry_args.create_from_chip_args(storage);
        if (config != nullptr) {
            PTO2OrchestrationConfig cfg = config(entry_args);
            int32_t actual = storage.tensor_count() + storage.scalar_count();
            put_ev("config");
            put(",\"expected_arg_count\":");
            put_int(cfg.expected_arg_count);
            put(",\"actual\":");
            put_int(actual);
            end_line();
            if (cfg.expected_arg_count > 0 && actual < cfg.expected_arg_count) {
                fail(5, "the orchestration expects " + std::to_string(cfg.expected_arg_count) + " args, got " +
                            std::to_string(actual) + " (" + std::to_string(storage.tensor_count()) + " tensors, " +
                            std::to_string(storage.scalar_count()) + " scalars)");
            }
        }
        bind(&runtime_holder);
        runtime_holder.pending_scope_mode = PTO2ScopeMode::AUTO;
        op_scope_begin(&runtime_holder);
        entry(entry_args);
    } catch (const std::exception &e) {
        status = "exception";
        type = exception_type();
        what = e.what();
    } catch (...) {
        status = "exception";
        type = exception_type();
        what = "(not a std::exception)";
    }
    size_t left_open = scope_modes.empty() ? 0 : scope_modes.size() - 1;
    while (scope_modes.size() > 1) op_scope_end(&runtime_holder);
    if (!scope_modes.empty()) op_scope_end(&runtime_holder);
    op_orchestration_done(&runtime_holder);
    if (status == "ok" && fatal) status = "fatal";
    put_ev("done");
    put(",\"status\":\"");
    put(status.c_str());
    put("\"");
    if (!type.empty()) {
        put(",\"exception_type\":");
        put_str(type.c_str());
        put(",\"exception\":");
        put_str(what.c_str());
    }
    put(",\"closed_by_recorder\":");
    put_int(static_cast<int64_t>(left_open));
    put(",\"calls_from_other_threads\":");
    put_u64(other_thread_calls);
    end_line();
    flush_out();
    _exit(0);
}
