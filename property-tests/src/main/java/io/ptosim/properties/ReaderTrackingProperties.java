package io.ptosim.properties;

import io.ptosim.program.Arg;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.Overlap;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reader-tracking what-if (TRACKED_INPUT, {@code tensorMap.trackReaders}) against the shipped rules,
 * on generated programs: tracking readers keeps every default edge and adds exactly the reader-to-writer
 * edges of overlapping regions, the runtime wires what the replay derives, and no tracked reader is left
 * unordered with a later overlapping INOUT.
 */
final class ReaderTrackingProperties {
    private ReaderTrackingProperties() {
    }

    /**
     * Null when the property holds for both forms of tracking: every INPUT ({@code trackReaders}), and the
     * TRACKED_INPUT tag on every other INPUT arg of the program.
     */
    static String addsExactlyTheReaderEdges(Program p) {
        List<DepEdge> plain = DependencyReplay.edgesOf(DependencyView.submitsOf(p));
        String all = check(p, plain, true, "tensorMap.trackReaders");
        return all != null ? all : check(tagEveryOtherInput(p), plain, false, "TRACKED_INPUT on every other INPUT");
    }

    /** Checks {@code p} with tracking against {@code plain}, the edges of its untracked form. */
    private static String check(Program p, List<DepEdge> plain, boolean trackAll, String form) {
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        List<DepEdge> tracked = DependencyReplay.edgesOf(submits, trackAll);
        List<DepEdge> kept = tracked.stream().filter(e -> e.source() != DepEdge.Source.TENSORMAP_READER).toList();
        if (!kept.equals(plain)) {
            return form + ": the default edges change (" + plain.size() + " without tracking, " + kept.size()
                    + " besides the reader edges with it)";
        }
        List<String> added = tracked.stream().filter(e -> e.source() == DepEdge.Source.TENSORMAP_READER)
                .map(ReaderTrackingProperties::describe).toList();
        List<String> expected = expectedReaderEdges(submits, trackAll);
        if (!added.equals(expected)) {
            return form + ": reader edges " + added + ", expected " + expected;
        }
        String unordered = readerBeforeLaterInout(submits, tracked, trackAll);
        if (unordered != null) {
            return form + ": " + unordered;
        }
        String wiring = trackAll ? DependencyProperties.replayMatchesWiring(p, true)
                : DependencyProperties.replayMatchesWiring(p);
        return wiring == null ? null : form + ": " + wiring;
    }

    private static String describe(DepEdge e) {
        return TaskId.display(e.pred()) + ">" + TaskId.display(e.succ()) + " arg " + e.arg();
    }

    private record Read(long task, TensorView view) {
    }

    /**
     * The naive statement: each tracked writing arg (INOUT, OUTPUT_EXISTING; the scope tracks it, not
     * manual_dep) gets one edge from each earlier tracked read of its buffer whose elements it may share,
     * newest first, unless a writing arg since (an earlier one of the same task included) covered that read.
     */
    private static List<String> expectedReaderEdges(List<SubmitRecord> submits, boolean trackAll) {
        List<Read> live = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (SubmitRecord s : submits) {
            List<TaskArg> args = s.args();
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (!s.tracks(i) || !a.type().findsReaders() || a.view().manualDep()) {
                    continue;
                }
                for (int k = live.size() - 1; k >= 0; k--) {
                    Read r = live.get(k);
                    if (r.view().bufferAddr() != a.view().bufferAddr()) {
                        continue;
                    }
                    Overlap o = Overlap.check(a.view(), r.view());
                    if (o != Overlap.NO_OVERLAP) {
                        out.add(TaskId.display(r.task()) + ">" + TaskId.display(s.taskId()) + " arg " + i);
                    }
                    if (o == Overlap.COVERED) {
                        live.remove(k);
                    }
                }
            }
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (s.tracks(i) && a.type().registersReader(trackAll) && !a.view().manualDep()) {
                    live.add(new Read(s.taskId(), a.view()));
                }
            }
        }
        return out;
    }

    /** Every tracked read precedes, through edges, each later tracked INOUT that shares a byte with it. */
    private static String readerBeforeLaterInout(List<SubmitRecord> submits, List<DepEdge> edges, boolean trackAll) {
        Map<Long, Set<Long>> preds = new HashMap<>();
        for (DepEdge e : edges) {
            preds.computeIfAbsent(e.succ(), k -> new HashSet<>()).add(e.pred());
        }
        List<Read> reads = new ArrayList<>();
        for (SubmitRecord s : submits) {
            List<TaskArg> args = s.args();
            Set<Long> before = null;
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (!s.tracks(i) || a.type() != TensorArgType.INOUT || a.view().manualDep()) {
                    continue;
                }
                Set<Long> bytes = byteSet(a.view());
                for (Read r : reads) {
                    if (r.task() == s.taskId() || r.view().bufferAddr() != a.view().bufferAddr()
                            || !shares(r.view(), bytes)) {
                        continue;
                    }
                    if (before == null) {
                        before = DependencyProperties.ancestors(s.taskId(), preds);
                    }
                    if (!before.contains(r.task())) {
                        return "tracked reader " + TaskId.display(r.task()) + " is not ordered before "
                                + TaskId.display(s.taskId()) + "'s INOUT arg " + i + ", which shares bytes with it";
                    }
                }
            }
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (s.tracks(i) && a.type().registersReader(trackAll) && !a.view().manualDep()) {
                    reads.add(new Read(s.taskId(), a.view()));
                }
            }
        }
        return null;
    }

    private static Set<Long> byteSet(TensorView v) {
        Set<Long> out = new HashSet<>();
        for (long b : DependencyProperties.bytes(v)) {
            out.add(b);
        }
        return out;
    }

    private static boolean shares(TensorView v, Set<Long> bytes) {
        for (long b : DependencyProperties.bytes(v)) {
            if (bytes.contains(b)) {
                return true;
            }
        }
        return false;
    }

    /** The program with every other INPUT arg (counting through the whole program) tagged TRACKED_INPUT. */
    static Program tagEveryOtherInput(Program p) {
        List<Op> ops = new ArrayList<>(p.ops().size());
        int inputs = 0;
        for (Op op : p.ops()) {
            if (op instanceof Op.Submit s) {
                List<Arg> args = new ArrayList<>(s.args().size());
                for (Arg a : s.args()) {
                    if (a instanceof Arg.TensorArg t && t.type() == TensorArgType.INPUT && inputs++ % 2 == 0) {
                        args.add(new Arg.TensorArg(TensorArgType.TRACKED_INPUT, t.tensor()));
                    } else {
                        args.add(a);
                    }
                }
                ops.add(new Op.Submit(s.kernelIds(), args, s.deps(), s.blockNum(), s.requireSyncStart(),
                        s.earlyResolve()));
            } else {
                ops.add(op);
            }
        }
        return new Program(p.name(), p.externals(), ops);
    }
}
