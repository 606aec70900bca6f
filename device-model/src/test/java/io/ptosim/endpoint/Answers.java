package io.ptosim.endpoint;

import io.ptosim.des.EventLoop;
import io.ptosim.spi.Reply;
import java.util.ArrayList;
import java.util.List;

/** Records every reply with the loop time it arrived at, in arrival order. */
final class Answers {
    /** One reply: when, and either the value or the failure. */
    record Answer(String call, long at, boolean ok, Object value, int code, String message) {
    }

    private final EventLoop loop;
    final List<Answer> all = new ArrayList<>();

    Answers(EventLoop loop) {
        this.loop = loop;
    }

    /** A reply that records under {@code call}. */
    <T> Reply<T> reply(String call) {
        return new Reply<>() {
            private boolean answered;

            @Override
            public void ok(T value) {
                check();
                all.add(new Answer(call, loop.now(), true, value, 0, ""));
            }

            @Override
            public void failed(int code, String message) {
                check();
                all.add(new Answer(call, loop.now(), false, null, code, message));
            }

            private void check() {
                if (answered) {
                    throw new AssertionError(call + " answered twice");
                }
                answered = true;
            }
        };
    }

    /** The last reply. */
    Answer last() {
        return all.get(all.size() - 1);
    }
}
