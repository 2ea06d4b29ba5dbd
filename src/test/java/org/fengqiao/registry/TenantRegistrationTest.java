package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.publicchannel.PublicCode;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tenant self-registration at a door plate: one application per form, limits, checks, and who may confirm. */
@IntegrationTest
class TenantRegistrationTest {

    @Autowired
    TenantRegistrations tenants;
    @Autowired
    JdbcClient jdbc;

    String gridBPlate() {
        return jdbc.sql("select code from public_code where target_kind = 'GRID' and target_ref = ?")
                .param(DemoAccounts.GRID_B_CODE).query(String.class).single();
    }

    @Test
    void aSecondSubmitOfTheSameFormReturnsTheFirstApplicationAndOnlyStaffOfTheAreaDecide() {
        PublicCode plate = tenants.plate(gridBPlate()).orElseThrow();
        long room = tenants.letRooms(plate).getFirst().id();
        String form = UUID.randomUUID().toString();
        TenantRegistrations.Form f = new TenantRegistrations.Form(plate.code(), room, "村屋租客",
                RegistryTest.newId(1990, true), "13612340000", null, "四川省达州市", "鹤山工业城", form);
        TenantRegistrations.Receipt first = tenants.apply(f, "10.0.0.7");
        TenantRegistrations.Receipt again = tenants.apply(f, "10.0.0.7");
        assertThat(again.receipt()).isEqualTo(first.receipt());
        assertThat(again.replayed()).isTrue();
        assertThat(tenants.statusOf(first.receipt())).contains("PENDING");
        long id = jdbc.sql("select id from registry_tenant_application where receipt = ?").param(first.receipt())
                .query(Long.class).single();
        // stored encrypted, masked for staff
        assertThat(jdbc.sql("select id_number_masked from registry_tenant_application where id = ?").param(id)
                .query(String.class).single()).contains("**********");
        TestUsers.User gridA = TestUsers.with("ten.grid-a", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);
        TestUsers.User gridB = TestUsers.with("ten.grid-b", Role.GRID_WORKER, DemoAccounts.GRID_B_CODE);
        assertThat(gridA.call(tenants::pending)).extracting(TenantRegistrations.Application::id).doesNotContain(id);
        assertThatThrownBy(() -> gridA.call(() -> tenants.confirm(id))).isInstanceOf(NotFoundException.class);
        long resident = gridB.call(() -> tenants.confirm(id));
        assertThat(jdbc.sql("select population_kind from registry_resident where id = ?").param(resident)
                .query(String.class).single()).isEqualTo("FLOATING");
    }

    @Test
    void badInputIsRefusedWithAMessageKeyAndTheLimitStopsFlooding() {
        PublicCode plate = tenants.plate(gridBPlate()).orElseThrow();
        long room = tenants.letRooms(plate).getFirst().id();
        assertThatThrownBy(() -> tenants.apply(new TenantRegistrations.Form(plate.code(), room, "租客", "123",
                "13612340000", null, null, null, null), "10.0.0.8")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("registry.tenant.err.id");
        assertThatThrownBy(() -> tenants.apply(new TenantRegistrations.Form(plate.code(), -1L, "租客",
                RegistryTest.newId(1990, true), "13612340000", null, null, null, null), "10.0.0.8"))
                .hasMessage("registry.tenant.err.room");
        String phone = "1371234" + String.format("%04d", (int) (System.nanoTime() % 10_000));
        for (int i = 0; i < 3; i++) {
            tenants.apply(new TenantRegistrations.Form(plate.code(), room, "同号租客" + i,
                    RegistryTest.newId(1991, false), phone, null, null, null, null), "10.0.0.9");
        }
        assertThatThrownBy(() -> tenants.apply(new TenantRegistrations.Form(plate.code(), room, "第四次",
                RegistryTest.newId(1991, false), phone, null, null, null, null), "10.0.0.9"))
                .isInstanceOf(TenantRegistrations.TooMany.class);
    }
}
