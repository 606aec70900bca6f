/*
 * stub_sim_context.c - ptosim's stand-in for simpler's libcpu_sim_context.so, for tests.
 *
 * Exports the log-state binding and the hook the stub host runtime calls from simpler_init. The hook is
 * undefined in the host runtime stub, so the host runtime loads only after this library was loaded
 * RTLD_GLOBAL. Compile with -DSTUB_SIM_HOOK=<name> to give a build its own hook name.
 */
#define _GNU_SOURCE
#include "stub_log.h"

#ifndef STUB_SIM_HOOK
#define STUB_SIM_HOOK ptosim_stub_sim_attach
#endif

static StubLogState *g_log_state;

int simpler_host_log_bind_state(StubLogState *state) { return stub_bind_log_state("sim_context", &g_log_state, state); }

/* Binds the calling thread to a simulated device: 0 for device ids >= 0. */
int STUB_SIM_HOOK(int device_id) { return device_id >= 0 ? 0 : -1; }
