package io.ptosim.node;

import io.ptosim.des.EventKind;
import io.ptosim.des.EventLoop;
import io.ptosim.des.NamedEventKind;
import io.ptosim.mailbox.ControlCommand;
import io.ptosim.mailbox.Mailbox;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.Reply;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayDeque;

/**
 * One worker of a node (spec §9): a chip behind its {@link ChipEndpoint} or a SUB slot, with the time
 * it takes to hand it work. In THREAD mode a worker thread calls the chip directly; in PROCESS mode
 * every exchange goes through the worker's V1 {@link Mailbox} frame, written by the parent, polled by
 * the child, polled back by the parent, so the wire format and its states are exercised on every task.
 * One exchange holds the mailbox at a time: a control request that arrives while a task holds it waits
 * its turn (the seed let it overwrite the running task's frame).
 */
final class NodeWorker {
    static final EventKind LAUNCH = new NamedEventKind(40, "node-launch");
    static final EventKind CHILD_POLL = new NamedEventKind(41, "node-child-poll");
    static final EventKind PARENT_POLL = new NamedEventKind(42, "node-parent-poll");
    static final EventKind CONTROL = new NamedEventKind(43, "node-control");

    /** How a member ended. */
    interface Done {
        /** {@code code} 0 is success; else the message says what failed. */
        void done(int code, String message);
    }

    final int index;
    final WorkerType type;
    final ChipEndpoint endpoint;
    private final EventLoop loop;
    private final NodeConfig config;
    private final NodeTiming t;
    private final HostMemory host;
    private final Mailbox mailbox;
    /** When the child reported INIT_READY (0 in THREAD mode). */
    final long readyAt;
    /** Running a task member. */
    boolean busy;
    /** Held for the head group of the directed policy. */
    boolean reserved;
    private boolean exchangeInFlight;
    private final ArrayDeque<Runnable> waitingExchanges = new ArrayDeque<>();
    long busyNs;
    long members;
    private long busySince;

    NodeWorker(int index, WorkerType type, ChipEndpoint endpoint, EventLoop loop, NodeConfig config, HostMemory host,
            long readyAt) {
        this.index = index;
        this.type = type;
        this.endpoint = endpoint;
        this.loop = loop;
        this.config = config;
        this.t = config.timing();
        this.host = host;
        this.readyAt = readyAt;
        this.mailbox = config.mode() == WorkerMode.PROCESS ? Mailbox.create() : null;
        if (mailbox != null) {
            loop.schedule(readyAt, CHILD_POLL, () -> {
                mailbox.reportInit(true, 0);
                mailbox.acceptInit();
            });
        }
    }

    /** A name for messages: {@code chip 2} or {@code sub 0}. */
    String label() {
        return (type == WorkerType.NEXT_LEVEL ? "chip " : "sub ") + index;
    }

    /** Whether the child is up (always in THREAD mode). */
    boolean started() {
        return loop.now() >= readyAt;
    }

    /** The mailbox (PROCESS mode), for inspection. */
    Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Runs one member: marks the worker busy now and calls {@code done} when the worker has the result.
     *
     * @param callableId the callable's id on the wire (PROCESS mode)
     */
    void launch(NodeTask task, int member, long callableId, Done done) {
        busy = true;
        busySince = loop.now();
        members++;
        TaskArgs args = task.memberArgs.get(member);
        Done finished = (code, message) -> {
            busy = false;
            busyNs += loop.now() - busySince;
            done.done(code, message);
        };
        if (mailbox == null) {
            loop.scheduleAfter(t.dispatchNs(), LAUNCH, () -> execute(task, args, finished));
            return;
        }
        exchange(() -> {
            long written = t.mailboxWriteNs() + (args.blobBytes() + 1023L) / 1024 * t.mailboxPerKibNs();
            loop.scheduleAfter(written, LAUNCH, () -> {
                mailbox.postTask(callableId, task.config == null ? ChipCallConfig.DEFAULT : task.config, args);
                long posted = loop.now();
                loop.schedule(childPoll(posted), CHILD_POLL, () -> {
                    Mailbox.Task wire = mailbox.takeTask();
                    execute(task, wire.args(), (code, message) -> {
                        mailbox.finishTask(code);
                        loop.schedule(parentPoll(posted, loop.now()), PARENT_POLL, () -> {
                            int reported = mailbox.collectTask();
                            exchangeDone();
                            if (config.compat() == Compat.V1) {
                                finished.done(0, null);
                            } else {
                                finished.done(reported, reported == 0 ? null : message);
                            }
                        });
                    });
                });
            });
        }, t.dispatchNs());
    }

    private void execute(NodeTask task, TaskArgs args, Done done) {
        if (type == WorkerType.NEXT_LEVEL) {
            endpoint.run(new ChipTask(task.chip.name(), args, task.config), new Reply<>() {
                @Override
                public void ok(Void value) {
                    done.done(0, null);
                }

                @Override
                public void failed(int code, String message) {
                    done.done(code == 0 ? 1 : code, message);
                }
            });
            return;
        }
        int code = 0;
        String message = null;
        if (config.functional()) {
            try {
                task.sub.run(args, host);
            } catch (RuntimeException e) {
                code = 2;
                // HEAD names the exception's type as well as its message (worker.py formats "type: message")
                message = "sub callable '" + task.sub.name() + "' raised" + (config.compat() == Compat.HEAD
                        ? " " + e.getClass().getSimpleName() + ": " : ": ") + e.getMessage();
            }
        }
        int c = code;
        String m = message;
        loop.scheduleAfter(Math.max(0, task.sub.durationNs(args)), LAUNCH, () -> done.done(c, m));
    }

    /**
     * A memory call on the child's chip (spec §3.5): direct in THREAD mode, a mailbox control request
     * in PROCESS mode (waiting while another exchange holds the mailbox).
     */
    void control(ControlCommand command, long arg0, long arg1, long arg2, Reply<Long> reply) {
        if (mailbox == null) {
            loop.scheduleAfter(t.controlNs(), CONTROL, () -> callChip(command, arg0, arg1, arg2, reply));
            return;
        }
        exchange(() -> {
            if (!mailbox.postControl(command, arg0, arg1, arg2)) {
                throw new IllegalStateException(label() + ": mailbox busy although no exchange holds it");
            }
            long posted = loop.now();
            loop.schedule(childPoll(posted), CHILD_POLL, () -> {
                Mailbox.Control c = mailbox.takeControl();
                callChip(c.command(), c.arg0(), c.arg1(), c.arg2(), new Reply<>() {
                    @Override
                    public void ok(Long value) {
                        mailbox.finishControl(value, 0);
                        long result = mailbox.collectControl();
                        exchangeDone();
                        reply.ok(result);
                    }

                    @Override
                    public void failed(int code, String message) {
                        mailbox.finishControl(0, 1);
                        try {
                            mailbox.collectControl();
                        } catch (Mailbox.ControlFailedException e) {
                            mailbox.clearFailedControl();
                        }
                        exchangeDone();
                        reply.failed(code, message);
                    }
                });
            });
        }, t.controlNs());
    }

    private void callChip(ControlCommand command, long arg0, long arg1, long arg2, Reply<Long> reply) {
        switch (command) {
            case MALLOC -> endpoint.malloc(arg0, reply);
            case FREE -> endpoint.free(arg0, unit(reply));
            case COPY_TO -> endpoint.copyTo(arg0, arg1, arg2, unit(reply));
            case COPY_FROM -> endpoint.copyFrom(arg0, arg1, arg2, unit(reply));
            default -> throw new IllegalArgumentException("control " + command);
        }
    }

    private static Reply<Void> unit(Reply<Long> reply) {
        return new Reply<>() {
            @Override
            public void ok(Void value) {
                reply.ok(0L);
            }

            @Override
            public void failed(int code, String message) {
                reply.failed(code, message);
            }
        };
    }

    /** Runs {@code start} after {@code delayNs} once the mailbox is free, in request order. */
    private void exchange(Runnable start, long delayNs) {
        Runnable delayed = () -> loop.scheduleAfter(delayNs, CONTROL, start);
        if (exchangeInFlight) {
            waitingExchanges.add(delayed);
            return;
        }
        exchangeInFlight = true;
        delayed.run();
    }

    private void exchangeDone() {
        Runnable next = waitingExchanges.poll();
        if (next == null) {
            exchangeInFlight = false;
        } else {
            next.run();
        }
    }

    /** Exchanges waiting for the mailbox. */
    int waitingExchanges() {
        return waitingExchanges.size();
    }

    /** The first child poll at or after {@code at}: children poll on a fixed period from their start. */
    private long childPoll(long at) {
        long k = Math.floorDiv(at - readyAt + t.childPollNs() - 1, t.childPollNs());
        return readyAt + Math.max(0, k) * t.childPollNs();
    }

    /** The first parent poll at or after {@code done}, polling every period from {@code posted}. */
    private long parentPoll(long posted, long done) {
        long k = Math.floorDiv(done - posted + t.parentPollNs() - 1, t.parentPollNs());
        return posted + Math.max(0, k) * t.parentPollNs();
    }
}
