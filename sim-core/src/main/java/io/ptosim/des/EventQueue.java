package io.ptosim.des;

import java.util.Arrays;

/**
 * The engine's pending-event queue: a radix heap with 16-way digits on primitive arrays, holding
 * {@code (time, payload)} pairs.
 *
 * <p>Entries come out in ascending time; entries with equal time come out in the order they were
 * added (FIFO), which is what makes the engine's (time, insertion sequence) order hold without storing
 * or comparing sequence numbers. Times must be non-negative.
 *
 * <p>A radix heap exploits that a discrete-event simulation never schedules before the event it last
 * took out (the queue is <em>monotone</em>). Times are read as 16 hexadecimal digits. An entry equal to
 * {@code last} (the most recent minimum) waits in the FIFO bucket 0; any other entry {@code t} waits in
 * bucket {@code (d, v)}, where {@code d - 1} is the highest digit in which {@code t} differs from
 * {@code last} and {@code v} is that digit of {@code t}. Buckets ordered by {@code 16 d + v} are ordered
 * by time, so when bucket 0 runs dry the lowest non-empty bucket (from a 256-bit occupancy mask) gives
 * up its minimum (tracked on append) as the new {@code last}, and its entries are re-distributed, in
 * order, into buckets of lower digit. An entry moves at most 15 times and typically two or three; each
 * move is a sequential copy within interleaved {@code time, payload} arrays, so the cost per operation
 * stays nearly flat from 10<sup>3</sup> to 10<sup>6</sup> pending events, where a binary heap pays a
 * cache miss on every level. Equal times always share a bucket and keep their relative order through
 * every move, hence FIFO.
 *
 * <p>{@link #peekTime()} does not commit {@code last}, so after a peek an entry may still be added
 * between the current {@code last} and the peeked time. An entry earlier than {@code last} (only
 * possible when a caller skipped entries it did not fire) is still accepted: the queue re-buckets
 * itself around the new minimum in O(n), keeping FIFO order among equal times.
 *
 * <p>While it holds at most 32 entries (a simulated chip has a handful of actors) the queue keeps them
 * in one sorted array instead, which costs a few compares per operation; it moves to the buckets when
 * it outgrows that and back when it empties.
 */
public final class EventQueue {
    /** Bits per digit of a time. */
    private static final int DIGIT_BITS = 4;
    private static final int RADIX = 1 << DIGIT_BITS;
    /** Bucket {@code RADIX d + v} for 1 <= d <= 64 / DIGIT_BITS and value v; bucket 0 is the FIFO. */
    private static final int BUCKETS = (64 / DIGIT_BITS + 1) * RADIX;
    private static final long[] NO_ENTRIES = new long[0];

    /** Per bucket: time at [2i], payload at [2i + 1]. */
    private final long[][] entries = new long[BUCKETS][];
    private final int[] counts = new int[BUCKETS];
    /** Bit b of the mask is set when bucket b holds entries (bit 0 is ignored). */
    private final long[] occupied = new long[(BUCKETS + 63) / 64];
    /** Bit w is set when {@code occupied[w]} is non-zero. */
    private long occupiedWords;
    /** Read position in bucket 0, which is consumed from the front. */
    private int head;
    private long last;
    private int size;
    /** Lowest non-empty bucket and its minimum, as found by {@link #peekTime()}; -1 when unknown. */
    private int scannedBucket = -1;
    private long scannedMin;
    /**
     * Small mode: while at most {@value #SMALL} entries are queued (a chip has a handful of actors) they
     * sit sorted in {@code smallTime}/{@code smallPayload} at {@code [smallHead, smallHead + size)},
     * which is cheaper than the buckets; the queue moves to the radix heap when it outgrows that and
     * back when it empties.
     */
    private static final int SMALL = 32;
    /**
     * Room of the small arrays: twice {@value #SMALL}, so that the live entries, which drift towards the
     * end as the front is taken, are moved back to the start once per {@value #SMALL} adds at most, not on
     * every add of a full queue.
     */
    private static final int SMALL_ROOM = 2 * SMALL;
    private boolean small = true;
    private final long[] smallTime = new long[SMALL_ROOM];
    private final long[] smallPayload = new long[SMALL_ROOM];
    private int smallHead;

    /** Creates an empty queue whose first entries may have any non-negative time. */
    public EventQueue() {
        Arrays.fill(entries, NO_ENTRIES);
    }

    /** Number of entries in the queue. */
    public int size() {
        return size;
    }

    /** Whether the queue holds no entry. */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds an entry; it comes out after every entry already queued with the same time.
     *
     * @throws IllegalArgumentException if {@code time} is negative
     */
    public void add(long time, long payload) {
        if (small) {
            if (size < SMALL) {
                addSmall(time, payload);
                return;
            }
            toRadix();
        }
        if (time < last) {
            if (time < 0) {
                throw new IllegalArgumentException("event time must be >= 0 ns, got " + time);
            }
            rebase(time);
        }
        scannedBucket = -1;
        append(time, payload);
        size++;
    }

    /**
     * Time of the earliest entry, without taking it out.
     *
     * @throws IllegalStateException if the queue is empty
     */
    public long peekTime() {
        if (small) {
            requireNonEmpty();
            return smallTime[smallHead];
        }
        if (head < counts[0]) {
            return last;
        }
        requireNonEmpty();
        if (scannedBucket < 0) {
            int b = lowestOccupied();
            scannedMin = minOf(b);
            scannedBucket = b;
        }
        return scannedMin;
    }

    /**
     * Takes out the earliest entry and returns its payload; {@link #lastTime()} then gives its time.
     *
     * @throws IllegalStateException if the queue is empty
     */
    public long poll() {
        if (small) {
            requireNonEmpty();
            last = smallTime[smallHead];
            size--;
            long payload = smallPayload[smallHead++];
            if (size == 0) {
                smallHead = 0;
            }
            return payload;
        }
        if (head >= counts[0]) {
            refill();
        }
        size--;
        long payload = entries[0][2 * head++ + 1];
        if (size == 0) {
            counts[0] = 0;
            head = 0;
            scannedBucket = -1;
            small = true;
        }
        return payload;
    }

    /** Inserts after every entry of equal or earlier time (FIFO among equal times). */
    private void addSmall(long time, long payload) {
        if (time < 0) {
            throw new IllegalArgumentException("event time must be >= 0 ns, got " + time);
        }
        if (smallHead + size == SMALL_ROOM) {
            System.arraycopy(smallTime, smallHead, smallTime, 0, size);
            System.arraycopy(smallPayload, smallHead, smallPayload, 0, size);
            smallHead = 0;
        }
        int i = smallHead + size;
        while (i > smallHead && smallTime[i - 1] > time) {
            smallTime[i] = smallTime[i - 1];
            smallPayload[i] = smallPayload[i - 1];
            i--;
        }
        smallTime[i] = time;
        smallPayload[i] = payload;
        size++;
    }

    /** Moves the small-mode entries, in order, into the radix heap. */
    private void toRadix() {
        small = false;
        int n = size;
        size = 0;
        for (int i = smallHead; i < smallHead + n; i++) {
            add(smallTime[i], smallPayload[i]);
        }
        smallHead = 0;
    }

    /**
     * Payload of the earliest entry, without taking it out. Unlike {@link #peekTime()} this commits
     * the queue to that entry's time, so a later {@link #add} before that time takes the O(n) path.
     *
     * @throws IllegalStateException if the queue is empty
     */
    public long peekPayload() {
        if (small) {
            requireNonEmpty();
            return smallPayload[smallHead];
        }
        if (head >= counts[0]) {
            refill();
        }
        return entries[0][2 * head + 1];
    }

    /**
     * Number of entries already sorted out as next, all equal in time to the last one taken out, whose
     * payloads {@link #readyPayload(int)} reads without work. Lets a caller start fetching what those
     * entries refer to before it handles them.
     */
    public int readyCount() {
        return small ? 0 : counts[0] - head;
    }

    /** Payload of the {@code i}-th ready entry, {@code 0 <= i < readyCount()}. */
    public long readyPayload(int i) {
        return entries[0][2 * (head + i) + 1];
    }

    /** Time of the entry most recently taken out by {@link #poll()} (0 before the first). */
    public long lastTime() {
        return last;
    }

    /** Removes every entry; the next entry may again have any non-negative time. */
    public void clear() {
        small = true;
        smallHead = 0;
        Arrays.fill(counts, 0);
        Arrays.fill(occupied, 0);
        occupiedWords = 0;
        scannedBucket = -1;
        head = 0;
        size = 0;
        last = 0;
    }

    /**
     * Bucket of {@code time} relative to {@code last}, without branches: 0 when equal, else
     * {@code 16 d + v} where digit {@code d - 1} is the highest that differs and {@code v} is its value.
     */
    private int bucketOf(long time) {
        int d = (64 + DIGIT_BITS - 1 - Long.numberOfLeadingZeros(time ^ last)) / DIGIT_BITS;
        int v = (int) (time >>> ((d - 1) * DIGIT_BITS)) & (RADIX - 1) & (-d >> 31);
        return (d << DIGIT_BITS) | v;
    }

    private void append(long time, long payload) {
        int b = bucketOf(time);
        int n = counts[b];
        long[] e = entries[b];
        if (2 * n == e.length) {
            e = makeRoom(b);
            n = counts[b];
        }
        e[2 * n] = time;
        e[2 * n + 1] = payload;
        counts[b] = n + 1;
        occupied[b >>> 6] |= 1L << b;
        occupiedWords |= 1L << (b >>> 6);
    }

    private long[] makeRoom(int b) {
        long[] e = entries[b];
        if (b == 0 && head > 0) {
            int live = counts[0] - head;
            System.arraycopy(e, 2 * head, e, 0, 2 * live);
            counts[0] = live;
            head = 0;
            if (2 * live < e.length) {
                return e;
            }
        }
        if (e.length > Integer.MAX_VALUE / 2 - 8) {
            throw new IllegalStateException("event queue bucket " + b + " exceeds " + e.length / 2 + " entries");
        }
        int capacity = Math.max(8, e.length);
        entries[b] = Arrays.copyOf(e, 2 * capacity);
        return entries[b];
    }

    private void requireNonEmpty() {
        if (size == 0) {
            throw new IllegalStateException("event queue is empty");
        }
    }

    /** The lowest non-empty bucket other than 0; the queue must hold an entry outside bucket 0. */
    private int lowestOccupied() {
        long w = occupied[0] & ~1L;
        if (w != 0) {
            return Long.numberOfTrailingZeros(w);
        }
        long words = occupiedWords & ~1L;
        if (words == 0) {
            throw new IllegalStateException("event queue size " + size + " but no bucket holds an entry");
        }
        int i = Long.numberOfTrailingZeros(words);
        return (i << 6) + Long.numberOfTrailingZeros(occupied[i]);
    }

    private long minOf(int b) {
        long[] e = entries[b];
        long min = Long.MAX_VALUE;
        for (int i = 0, n = 2 * counts[b]; i < n; i += 2) {
            min = Math.min(min, e[i]);
        }
        return min;
    }

    /** Bucket 0 is exhausted: make the lowest non-empty bucket's minimum the new {@code last}. */
    private void refill() {
        requireNonEmpty();
        counts[0] = 0;
        head = 0;
        int b;
        if (scannedBucket >= 0) {
            b = scannedBucket;
            last = scannedMin;
            scannedBucket = -1;
        } else {
            b = lowestOccupied();
            last = minOf(b);
        }
        long[] e = entries[b];
        int n = counts[b];
        counts[b] = 0;
        long word = occupied[b >>> 6] & ~(1L << b);
        occupied[b >>> 6] = word;
        if (word == 0) {
            occupiedWords &= ~(1L << (b >>> 6));
        }
        for (int i = 0; i < 2 * n; i += 2) {
            append(e[i], e[i + 1]);
        }
    }

    /** Rare path: an entry earlier than {@code last} arrives; re-bucket everything around it. */
    private void rebase(long newLast) {
        long[] all = new long[2 * size];
        int k = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int from = b == 0 ? 2 * head : 0;
            int len = 2 * counts[b] - from;
            System.arraycopy(entries[b], from, all, k, len);
            k += len;
        }
        Arrays.fill(counts, 0);
        Arrays.fill(occupied, 0);
        occupiedWords = 0;
        scannedBucket = -1;
        head = 0;
        last = newLast;
        for (int i = 0; i < k; i += 2) {
            append(all[i], all[i + 1]);
        }
    }
}
