package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void theInstanceMadeLastOnAThreadIsHandedOutAgainForTheSameCaseAndVariantOnly() throws InterruptedException {
        Workload pa = Catalog.byName("paged-attention");
        WorkloadInstance small = Catalog.instance(pa, "CaseSmall1", "auto");
        assertThat(Catalog.instance(pa, "CaseSmall1", "auto")).isSameAs(small);
        WorkloadInstance manual = Catalog.instance(pa, "CaseSmall1", "manual");
        assertThat(manual).isNotSameAs(small);
        assertThat(manual.variant()).isEqualTo("manual");
        WorkloadInstance other = Catalog.instance(pa, "CaseSmall2", "manual");
        assertThat(other.caseName()).isEqualTo("CaseSmall2");
        WorkloadInstance again = Catalog.instance(pa, "CaseSmall1", "auto");
        assertThat(again).as("only the last one is kept").isNotSameAs(small);
        assertThat(again.program()).isEqualTo(small.program());
        WorkloadInstance last = Catalog.instance(pa, "CaseSmall1", "auto");
        AtomicReference<WorkloadInstance> elsewhere = new AtomicReference<>();
        Thread t = new Thread(() -> elsewhere.set(Catalog.instance(pa, "CaseSmall1", "auto")));
        t.start();
        t.join();
        assertThat(elsewhere.get()).as("another thread builds its own").isNotSameAs(last);
        assertThat(elsewhere.get().program()).isEqualTo(last.program());
        assertThat(Catalog.instance(Catalog.byName("paged-attention-unroll"), "CaseSmall1", "auto").workload())
                .isEqualTo("paged-attention-unroll");
    }

    @Test
    void anUnknownCaseIsStillRefusedAndNotRemembered() {
        Workload pa = Catalog.byName("paged-attention");
        WorkloadInstance small = Catalog.instance(pa, "CaseSmall1", "auto");
        assertThatThrownBy(() -> Catalog.instance(pa, "Case9", "auto")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown case 'Case9'");
        assertThat(Catalog.instance(pa, "CaseSmall1", "auto")).isSameAs(small);
    }
}
