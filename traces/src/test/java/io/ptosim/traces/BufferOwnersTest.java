package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.runtime.TaskId;
import org.junit.jupiter.api.Test;

/** {@link BufferOwners#of}: who created each arg's buffer, inferred from creator edges. */
class BufferOwnersTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String A = TensorId.string(0x20000, 0);
    private static final String B = TensorId.string(0x20400, 0);

    private static String task(long id, String args) {
        return "{\"task_id\":\"" + id + "\",\"scope\":\"auto\",\"early_dispatch\":false,\"kernel_ids\":[-1,0,-1],"
                + "\"block_num\":1,\"args\":[" + args + "]}";
    }

    private static String input(int idx, String tensor) {
        return "{\"idx\":" + idx + ",\"type\":\"INPUT\",\"tensor_id\":\"" + tensor + "\",\"dtype\":\"FLOAT32\","
                + "\"shape\":[4],\"start_offset\":\"0\",\"strides\":[1]}";
    }

    private static String creator(long pred, long succ, int arg, String tensor) {
        return "{\"pred\":\"" + pred + "\",\"succ\":\"" + succ + "\",\"arg\":" + arg + ",\"source\":\"creator\","
                + "\"tensor_id\":\"" + tensor + "\"}";
    }

    private static DepsGraph graph(String tasks, String edges) throws Exception {
        String tensors = "{\"tensor_id\":\"" + A + "\",\"buffer_addr\":\"131072\",\"version\":0,\"dtype\":\"FLOAT32\","
                + "\"buffer_numel\":\"256\"},{\"tensor_id\":\"" + B + "\",\"buffer_addr\":\"132096\",\"version\":0,"
                + "\"dtype\":\"FLOAT32\",\"buffer_numel\":\"256\"}";
        return DepsJsonReader.parse(MAPPER.readTree("{\"tasks\":[" + tasks + "],\"tensors\":[" + tensors
                + "],\"edges\":[" + edges + "]}"), "g.json");
    }

    @Test
    void anArgWhoseCreatorEdgeWasLeftOutStillFindsItsOwner() throws Exception {
        String out = "{\"idx\":0,\"type\":\"OUTPUT\"},{\"idx\":1,\"type\":\"OUTPUT\"}";
        DepsGraph g = graph(task(0, out) + "," + task(1, input(0, A) + "," + input(1, B)) + "," + task(2, input(0, B)),
                creator(0, 1, 0, A) + "," + creator(0, 2, 0, B));
        assertThat(BufferOwners.of(g)).isDeepEqualTo(new long[][] {{TaskId.INVALID, TaskId.INVALID}, {0, 0}, {0}});
    }

    @Test
    void anAllocTensorsBufferExistsFromItsPlaceInItsRingOn() throws Exception {
        DepsGraph g = graph(task(0, input(0, A)) + "," + task(2, input(0, A)) + "," + task(3, input(0, A)),
                creator(1, 3, 0, A));
        assertThat(BufferOwners.of(g)).isDeepEqualTo(new long[][] {{TaskId.INVALID}, {1}, {1}});
    }

    @Test
    void aCreatorSubmittedAfterItsConsumerIsRejectedNamingTheEdge() throws Exception {
        DepsGraph g = graph(task(0, input(0, A)) + "," + task(1, ""), creator(1, 0, 0, A));
        assertThatThrownBy(() -> BufferOwners.of(g)).isInstanceOf(TraceFormatException.class)
                .hasMessage("g.json: edges[0]: creator t1 is submitted after its consumer t0");
    }
}
