/*
 * stub_log.h - the call log shared by ptosim's stub host runtime and stub sim context.
 *
 * Each call appends one line "<call> tid=<thread id> <key=value ...>" to the file named by env
 * PTOSIM_STUB_LOG (nothing is written when it is unset). The file is opened O_APPEND for every line and the
 * line is written with one write(), so several threads or processes may append to the same file.
 */
#ifndef PTOSIM_STUB_LOG_H
#define PTOSIM_STUB_LOG_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long stub_tid(void) { return (long)syscall(SYS_gettid); }

/* A growable line buffer. */
typedef struct {
    char *text;
    size_t len, cap;
} StubLine;

static void stub_line_add(StubLine *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void stub_line_add(StubLine *l, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(l->text ? l->text + l->len : NULL, l->text ? l->cap - l->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) return;
        if (l->text && l->len + (size_t)n < l->cap) {
            l->len += (size_t)n;
            return;
        }
        size_t cap = (l->cap ? l->cap : 256);
        while (cap <= l->len + (size_t)n) cap *= 2;
        char *grown = realloc(l->text, cap);
        if (!grown) return;
        l->text = grown;
        l->cap = cap;
    }
}

/* Starts a line with the call name and the calling thread. */
static void stub_line_start(StubLine *l, const char *call) {
    l->text = NULL;
    l->len = l->cap = 0;
    stub_line_add(l, "%s tid=%ld", call, stub_tid());
}

/* Appends the line and a newline to $PTOSIM_STUB_LOG, then frees it. */
static void stub_line_end(StubLine *l) {
    stub_line_add(l, "\n");
    const char *path = getenv("PTOSIM_STUB_LOG");
    if (path && *path && l->text) {
        int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0) {
            ssize_t ignored = write(fd, l->text, l->len);
            (void)ignored;
            close(fd);
        }
    }
    free(l->text);
    l->text = NULL;
}

/* Reads an integer knob from the environment, or returns fallback. */
static long stub_knob(const char *name, long fallback) {
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 0) : fallback;
}

/* The log state a module was bound to (SimplerHostLogState, 16 bytes). */
typedef struct {
    unsigned int abi_version, struct_size;
    int threshold, clock_anchor_pid;
} StubLogState;

/* Shared body of simpler_host_log_bind_state: logs what it was given; PTOSIM_STUB_BIND_RC=n makes it fail. */
static int stub_bind_log_state(const char *module, StubLogState **slot, StubLogState *state) {
    StubLine l;
    stub_line_start(&l, "simpler_host_log_bind_state");
    int rc = (int)stub_knob("PTOSIM_STUB_BIND_RC", 0);
    if (state == NULL) {
        rc = -1;
        stub_line_add(&l, " module=%s state=null", module);
    } else {
        stub_line_add(&l, " module=%s abi=%u size=%u threshold=%d anchor_pid=%d", module, state->abi_version,
                      state->struct_size, state->threshold, state->clock_anchor_pid);
        if (state->abi_version != 1 || state->struct_size != 16) rc = -1;
    }
    if (rc == 0) *slot = state;
    stub_line_add(&l, " rc=%d", rc);
    stub_line_end(&l);
    return rc;
}

#endif
