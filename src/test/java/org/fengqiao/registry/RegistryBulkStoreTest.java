package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.Masking;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bulk store streams rooms, households and residents with COPY (formatted on several threads) and computes the
 * name grams in Java: the rows it stores are exactly those a statement per row stored, values with the characters
 * COPY's text format escapes included, and a failure stores nothing.
 */
@IntegrationTest
class RegistryBulkStoreTest {

    @Autowired
    RegistryBulk bulk;
    @Autowired
    AreaDirectory areas;
    @Autowired
    FieldCipher cipher;
    @Autowired
    JdbcClient jdbc;

    String building() {
        return areas.atLevel("BUILDING", DataScope.of(DemoAccounts.GRID_A_CODE)).getFirst().code();
    }

    static Residents.ResidentInput person(String name, String id, String phone, String address, String workplace) {
        return new Residents.ResidentInput(name, null, id, phone, null, "20", "FLOATING", false, true, address,
                "WORK", workplace, "2025-03-01");
    }

    @Test
    void theCopiedRowsHoldExactlyTheValuesGivenEscapedCharactersIncluded() {
        String b = building();
        String tag = "BS" + ThreadLocalRandom.current().nextInt(1_000_000);
        String plate = "门牌\t" + tag + " \\ 后\"院\" {1,2}";
        List<RegistryBulk.Room> rooms = List.of(
                new RegistryBulk.Room(b, true, "2", 5, tag + "-501", plate, "RENTAL"),
                new RegistryBulk.Room(b, true, null, null, tag + "-502", null, null));
        List<RegistryBulk.Household> households = List.of(
                new RegistryBulk.Household(0, "TENANT", "H\\" + tag, "13800138000"),
                new RegistryBulk.Household(1, "REGISTERED", null, null));
        String[] ids = {RegistryTest.newId(1980, true), RegistryTest.newId(1990, false), RegistryTest.newId(2001, true)};
        List<Residents.ResidentInput> inputs = List.of(
                person("陈" + tag + "阳", ids[0], "13912345678", "广东省\n台山市\r\\N 路\t\"1\"号, {a}", null),
                person("Ann-" + tag + " O'Neil \"A\\B\" {x,y}", ids[1], null, "\\\\x00", "工厂\\厂"),
                person("𠮷野" + tag, ids[2], "0750-5551234", null, "NULL"));
        List<RegistryBulk.Resident> residents = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            residents.add(new RegistryBulk.Resident(i == 2 ? 1 : 0, inputs.get(i)));
        }
        RegistryBulk.Written w = bulk.write(new RegistryBulk.Batch(rooms, households, residents, List.of(),
                List.of()), "bulk-test", "test " + tag);
        assertThat(w).isEqualTo(new RegistryBulk.Written(2, 2, 3, 0, 0));

        Map<String, Object> room = jdbc.sql("select * from registry_room where room = ?").param(tag + "-501")
                .query().singleRow();
        assertThat(room).containsEntry("area_code", b).containsEntry("building_code", b).containsEntry("unit", "2")
                .containsEntry("door_plate", plate).containsEntry("use_kind", "RENTAL").containsEntry("created_by",
                        "bulk-test");
        assertThat(((Number) room.get("floor")).intValue()).isEqualTo(5);
        Map<String, Object> room2 = jdbc.sql("select * from registry_room where room = ?").param(tag + "-502")
                .query().singleRow();
        assertThat(room2.get("unit")).isNull();
        assertThat(room2.get("floor")).isNull();
        assertThat(room2).containsEntry("use_kind", "SELF_OCCUPIED");
        assertThat((String) room2.get("door_plate")).endsWith(" " + tag + "-502");
        // every new room has its door-plate code
        for (Object id : List.of(room.get("id"), room2.get("id"))) {
            assertThat(jdbc.sql("select count(*) from public_code where target_kind = 'ROOM' and target_ref = ?")
                    .param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        }

        Map<String, Object> h = jdbc.sql("select * from registry_household where room_id = ?").param(room.get("id"))
                .query().singleRow();
        assertThat(h).containsEntry("kind", "TENANT").containsEntry("household_number", "H\\" + tag)
                .containsEntry("area_code", b).containsEntry("phone_masked", Masking.phone("13800138000"));
        assertThat(cipher.decrypt((byte[]) h.get("phone_enc"))).isEqualTo("13800138000");
        assertThat((byte[]) h.get("phone_index")).isEqualTo(cipher.blindIndex("13800138000"));
        Map<String, Object> h2 = jdbc.sql("select * from registry_household where room_id = ?")
                .param(room2.get("id")).query().singleRow();
        assertThat(h2.get("phone_enc")).isNull();
        assertThat(h2.get("household_number")).isNull();

        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        for (int i = 0; i < inputs.size(); i++) {
            Residents.Clean c = Residents.clean(inputs.get(i), today);
            Map<String, Object> r = jdbc.sql("""
                            select r.*, r.household_id = ? as right_household,
                                   r.name_grams @> registry_name_grams(r.name)
                                     and r.name_grams <@ registry_name_grams(r.name) as grams_as_sql
                            from registry_resident r where id_number_index = ?""")
                    .params(i == 2 ? h2.get("id") : h.get("id"), cipher.blindIndex(ids[i])).query().singleRow();
            assertThat(r).containsEntry("name", c.name()).containsEntry("gender", c.gender())
                    .containsEntry("registered_address", c.registeredAddress())
                    .containsEntry("workplace", c.workplace()).containsEntry("relationship", "20")
                    .containsEntry("population_kind", "FLOATING").containsEntry("registered_here", false)
                    .containsEntry("lives_here", true).containsEntry("inflow_reason", "WORK")
                    .containsEntry("id_number_masked", Masking.idNumber(ids[i]))
                    .containsEntry("phone_masked", c.phone() == null ? null : Masking.phone(c.phone()))
                    .containsEntry("right_household", true).containsEntry("grams_as_sql", true)
                    .containsEntry("moved_in_by", "bulk-test");
            // residents go by the binary copy, rooms by the text one: the same time to the microsecond
            assertThat(r.get("moved_in_at")).isNotNull().isEqualTo(room.get("created_at"))
                    .isEqualTo(r.get("changed_at"));
            assertThat(((java.sql.Date) r.get("birth_date")).toLocalDate()).isEqualTo(c.birthDate());
            assertThat(((java.sql.Date) r.get("arrived_on")).toLocalDate()).isEqualTo(LocalDate.of(2025, 3, 1));
            assertThat(cipher.decrypt((byte[]) r.get("id_number_enc"))).isEqualTo(ids[i]);
            assertThat(cipher.decrypt((byte[]) r.get("phone_enc"))).isEqualTo(c.phone());
            assertThat((byte[]) r.get("phone_index")).isEqualTo(c.phone() == null ? null
                    : cipher.blindIndex(c.phone()));
        }
        assertThat(jdbc.sql("select registry_name_grams('陈晨阳') @> ?::text[]")
                .param(Residents.nameGrams("陈晨阳")).query(Boolean.class).single()).isTrue();
    }

    @Test
    void namesGramsInJavaAreTheSqlFunctionsForEveryKindOfName() {
        for (String name : List.of("王", "陈晨", "陈晨阳", "王王王王", "欧阳娜娜", "Ann O'Neil", "MÜLLER Jürgen", "𠮷野家",
                "李 四", "a\\b\"c,d{e}")) {
            String[] java = Residents.nameGrams(name);
            String[] sql = jdbc.sql("select registry_name_grams(?)").param(name)
                    .query((rs, n) -> (String[]) rs.getArray(1).getArray()).single();
            Arrays.sort(java);
            Arrays.sort(sql);
            assertThat(java).as(name).containsExactly(sql);
        }
    }

    @Test
    void aRowTheDatabaseRefusesStoresNothingOfTheBatch() {
        String b = building();
        String tag = "BF" + ThreadLocalRandom.current().nextInt(1_000_000);
        String id = RegistryTest.newId(1975, true);
        // the same ID number twice: the one-home index refuses the second row inside the copy
        List<RegistryBulk.Resident> residents = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            residents.add(new RegistryBulk.Resident(0, person("失败" + i, i == 0 || i == 4_999 ? id
                    : RegistryTest.newId(1950 + i % 50, i % 2 == 0), null, null, null)));
        }
        RegistryBulk.Batch batch = new RegistryBulk.Batch(
                List.of(new RegistryBulk.Room(b, true, null, null, tag, null, null)),
                List.of(new RegistryBulk.Household(0, "REGISTERED", null, null)), residents, List.of(), List.of());
        assertThatThrownBy(() -> bulk.write(batch, "bulk-test", "test " + tag))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThat(jdbc.sql("select count(*) from registry_room where room = ?").param(tag).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from registry_resident where id_number_index = ?")
                .param(cipher.blindIndex(id)).query(Long.class).single()).isZero();
        // the connection went back to the pool usable: the next bulk write works
        RegistryBulk.Written w = bulk.write(new RegistryBulk.Batch(batch.rooms(), batch.households(),
                residents.subList(0, 10), List.of(), List.of()), "bulk-test", "test " + tag);
        assertThat(w.residents()).isEqualTo(10);
    }
}
