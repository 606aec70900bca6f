package io.ptosim.traces;

import static io.ptosim.program.Args.args;
import static io.ptosim.runtime.DataType.BFLOAT16;
import static io.ptosim.runtime.DataType.FLOAT32;
import static io.ptosim.runtime.DataType.INT8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.program.Arg;
import io.ptosim.program.Op;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.ScopeMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A program using every op, arg and tensor kind, an address above 2^63 and a negative scalar. */
    static Program everything() {
        Orchestration orch = new Orchestration("everything");
        Tensor x = orch.external("x", 0xF000_0000_0000_0000L, FLOAT32, 8, 8);
        Tensor y = orch.external("y", 4096, BFLOAT16, 64);
        Task alloc = orch.allocTensors(new Arg.OutputArg(INT8, new int[] {100}, true));
        Task a = orch.submitAic(1, args().input(x.view(new int[] {4, 8}, new long[] {4, 0})).output(FLOAT32, 4, 4)
                .scalar(-7).blockNum(4).requireSyncStart());
        orch.scope(ScopeMode.MANUAL, () -> orch.submitMixed(2, 3, 3, args().inout(a.output(0).transpose(0, 1))
                .noDep(alloc.output(0)).dep(a).depWait(alloc)));
        orch.scope(ScopeMode.MANUAL_HYBRID, () -> {
            Task p = orch.submitAiv(4, args().outputExisting(y.slice(0, 0, 64, 2).withVersion(1).manualDep(true)));
            Task c = orch.submitDummy(args().earlyResolve());
            orch.addDependency(p, c);
        });
        orch.getTensorData(a.output(0), 3, 1);
        orch.setTensorData(y.withVersion(1), -1L, 63);
        return orch.build();
    }

    @Test
    void theDigestFollowsTheContentOpByOp() {
        Program p = everything();
        String digest = ProgramJson.digest(p);
        assertThat(digest).hasSize(16).isEqualTo(ProgramJson.digest(everything()));
        List<Op> ops = new ArrayList<>(p.ops());
        ops.set(1, new Op.AllocTensors(List.of(new Arg.OutputArg(INT8, new int[] {101}, true))));
        assertThat(ProgramJson.digest(new Program(p.name(), p.externals(), ops))).isNotEqualTo(digest);
        assertThat(ProgramJson.digest(new Program("renamed", p.externals(), p.ops()))).isNotEqualTo(digest);
    }

    @Test
    void aProgramSurvivesTheRoundTripUnchanged() throws Exception {
        Program p = everything();
        String json = ProgramJson.toJson(p);
        assertThat(json).contains("\"format\" : \"ptosim-program/1\"").contains("\"addr\" : \"17293822569102704640\"")
                .contains("\"bits\" : \"18446744073709551609\"").contains("\"value\" : \"18446744073709551615\"")
                .endsWith("}\n");
        Program back = ProgramJson.parse(MAPPER.readTree(json), "mem");
        assertThat(back).isEqualTo(p);
        Path file = tmp.resolve("p.json");
        ProgramJson.write(p, file);
        assertThat(ProgramJson.read(file)).isEqualTo(p);
        assertThat(ProgramJson.toJson(back)).isEqualTo(json);
    }

    @Test
    void formatErrorsNameTheFileAndField() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(ProgramJson.toJson(everything()));
        ((ObjectNode) root.get("ops").get(1).get("args").get(0).get("tensor")).put("dtype", "FLOAT99");
        assertThatThrownBy(() -> ProgramJson.parse(root, "bad.json")).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("bad.json: ops[1].args[0].tensor.dtype: unknown dtype 'FLOAT99'");
        ObjectNode noFormat = MAPPER.createObjectNode().put("name", "x");
        assertThatThrownBy(() -> ProgramJson.parse(noFormat, "bad.json"))
                .hasMessage("bad.json: format: expected \"ptosim-program/1\", got nothing");
        ObjectNode badOp = (ObjectNode) MAPPER.readTree(ProgramJson.toJson(everything()));
        ((ObjectNode) badOp.get("ops").get(0)).put("op", "launch");
        assertThatThrownBy(() -> ProgramJson.parse(badOp, "bad.json")).hasMessage("bad.json: ops[0].op: expected"
                + " scope_begin, scope_end, submit, alloc_tensors, add_dependency, get_tensor_data or set_tensor_data,"
                + " got \"launch\"");
    }

    @Test
    void valuesAConstructorRefusesNameTheFileAndPlaceToo() throws Exception {
        ObjectNode negative = (ObjectNode) MAPPER.readTree(ProgramJson.toJson(everything()));
        ((ObjectNode) negative.get("ops").get(1).get("args").get(1)).putArray("shape").add(4).add(-3);
        assertThatThrownBy(() -> ProgramJson.parse(negative, "bad.json")).isInstanceOf(TraceFormatException.class)
                .hasMessage("bad.json: ops[1].args[1]: output shape[1] = -3; expected >= 0");
        ObjectNode noDims = (ObjectNode) MAPPER.readTree(ProgramJson.toJson(everything()));
        ((ObjectNode) noDims.get("ops").get(0).get("outputs").get(0)).putArray("shape");
        assertThatThrownBy(() -> ProgramJson.parse(noDims, "bad.json")).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("bad.json: ops[0].outputs[0]: ");
        ObjectNode huge = (ObjectNode) MAPPER.readTree(ProgramJson.toJson(everything()));
        ((ObjectNode) huge.get("externals").get(1)).put("size_bytes", "18446744073709551615");
        assertThatThrownBy(() -> ProgramJson.parse(huge, "bad.json")).isInstanceOf(TraceFormatException.class)
                .hasMessage("bad.json: externals[1]: external buffer 'y': size -1 bytes; expected >= 0");
    }

    @Test
    void brokenRulesAreReportedWithTheFile() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(ProgramJson.toJson(everything()));
        ((ObjectNode) root.get("ops").get(1).get("args").get(0).get("tensor")).put("start_offset", "60");
        assertThatThrownBy(() -> ProgramJson.parse(root, "bad.json")).isInstanceOf(TraceFormatException.class)
                .hasMessage("bad.json: op 1 (submit): args[0]: view [60, 60 + 32) elements lies outside its buffer of 64"
                        + " FLOAT32 elements");
        assertThat(Files.exists(tmp.resolve("never.json"))).isFalse();
    }
}
