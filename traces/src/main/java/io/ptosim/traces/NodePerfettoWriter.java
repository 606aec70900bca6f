package io.ptosim.traces;

import io.ptosim.node.NodeObserver;
import io.ptosim.node.NodeTask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A node run's timeline ({@link NodeTimeline}) as Chrome trace-event JSON (Perfetto): one track per chip
 * and per SUB worker with a slice per task member, an instant where a task failed without running, and
 * an arrow per dependency. It listens as a {@link NodeObserver} (through its timeline) and writes when
 * {@link #write} is called, through a temporary file moved into place, so a failed write leaves nothing
 * half-written.
 */
public final class NodePerfettoWriter implements NodeObserver {
    private final NodeTimeline timeline;

    /** A writer that gathers its own timeline. */
    public NodePerfettoWriter() {
        this(new NodeTimeline());
    }

    /** A writer of {@code timeline}, which someone else feeds. */
    public NodePerfettoWriter(NodeTimeline timeline) {
        this.timeline = timeline;
    }

    @Override
    public void dispatched(NodeTask task, int member, int worker, long atNs) {
        timeline.dispatched(task, member, worker, atNs);
    }

    @Override
    public void memberEnded(NodeTask task, int member, int worker, int code, long atNs) {
        timeline.memberEnded(task, member, worker, code, atNs);
    }

    @Override
    public void finished(NodeTask task, long atNs) {
        timeline.finished(task, atNs);
    }

    /**
     * Writes the timeline to {@code target}.
     *
     * @param title what ran (workload, policy, mode), for the metadata
     * @throws UncheckedIOException if the file cannot be written (nothing is left at {@code target})
     */
    public void write(Path target, String title) {
        AtomicFile file = new AtomicFile(target);
        OutputStream out = null;
        try {
            out = file.open();
            TraceEventJson json = new TraceEventJson(out);
            json.process(NodeTimeline.CHIPS, "chips", 0);
            for (int i = 0; i < timeline.chips(); i++) {
                json.thread(NodeTimeline.CHIPS, i, "chip " + i, i);
            }
            if (timeline.subs() > 0) {
                json.process(NodeTimeline.SUBS, "sub workers", 1);
                for (int i = 0; i < timeline.subs(); i++) {
                    json.thread(NodeTimeline.SUBS, i, "sub " + i, i);
                }
            }
            if (!timeline.instants().isEmpty()) {
                json.process(NodeTimeline.TASKS, "tasks", 2);
                json.thread(NodeTimeline.TASKS, 0, "never dispatched", 0);
            }
            for (NodeTimeline.Slice s : timeline.slices()) {
                json.slice(s.group(), s.worker(), s.code() == 0 ? "task" : "failed", s.name(), s.start(), s.end(),
                        g -> {
                            g.writeNumberField("task", s.task());
                            g.writeNumberField("code", s.code());
                        });
            }
            for (NodeTimeline.Slice s : timeline.instants()) {
                json.instant(s.group(), s.worker(), "failed", s.name(), "t", s.start(), g -> g.writeNumberField("task",
                        s.task()));
            }
            long id = 0;
            for (NodeTimeline.Arrow a : timeline.arrows()) {
                long at = Math.max(a.from().start(), a.from().end() - 1);
                json.flow(id++, "dep", a.from().group(), a.from().worker(), at, a.to().group(), a.to().worker(),
                        a.to().start());
            }
            long arrows = id;
            long slices = timeline.slices().size();
            json.finish(g -> {
                g.writeStringField("ptosim", title);
                g.writeNumberField("slices", slices);
                g.writeNumberField("arrows", arrows);
            });
            out = null;
            file.commit();
        } catch (IOException e) {
            file.abandon(out);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
