package org.fengqiao.people;

import org.fengqiao.platform.IdNumbers;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.Masking;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * A small county of its own for a test class (area codes starting 998, unique per instance), with persons, roles
 * and accounts inserted directly, and a MockMvc that goes through the real security filter chain.
 */
public final class TestWorld {

    public static final String PASSWORD = "Grid-Worker-2026";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger SEQ = new AtomicInteger();

    public final String county;
    public final String townA;
    public final String townB;
    public final String villageA;
    public final String gridA;
    public final String gridB;
    public final JdbcClient jdbc;
    public final FieldCipher cipher;
    public final MockMvc mvc;
    private final PasswordEncoder encoder;

    private TestWorld(ApplicationContext ctx) {
        this.jdbc = ctx.getBean(JdbcClient.class);
        this.cipher = ctx.getBean(FieldCipher.class);
        this.encoder = ctx.getBean(PasswordEncoder.class);
        this.mvc = MockMvcBuilders.webAppContextSetup((org.springframework.web.context.WebApplicationContext) ctx)
                .apply(springSecurity()).build();
        String c;
        Long id;
        do {
            c = "998" + String.format("%03d", RANDOM.nextInt(1000));
            id = jdbc.sql("""
                            insert into area (code, level, name) values (?, 'COUNTY', ?)
                            on conflict (code) do nothing returning id""")
                    .params(c, "测试县" + c).query(Long.class).optional().orElse(null);
        } while (id == null);
        county = c;
        townA = county + "001";
        townB = county + "002";
        villageA = townA + "001";
        gridA = villageA + "001";
        gridB = townB + "001001";
        long ta = area(townA, id, "TOWN", "甲镇");
        long tb = area(townB, id, "TOWN", "乙镇");
        long va = area(villageA, ta, "VILLAGE", "甲村");
        area(gridA, va, "GRID", "甲村第一网格");
        long vb = area(townB + "001", tb, "VILLAGE", "乙村");
        area(gridB, vb, "GRID", "乙村第一网格");
    }

    public static TestWorld create(ApplicationContext ctx) {
        return new TestWorld(ctx);
    }

    private long area(String code, long parent, String level, String name) {
        return jdbc.sql("insert into area (code, parent_id, level, name) values (?, ?, ?, ?) returning id")
                .params(code, parent, level, name).query(Long.class).single();
    }

    /** A valid 18-character ID number (GB 11643 check character) that no other test uses. */
    public static String idNumber() {
        String first = "998001" + (1960 + RANDOM.nextInt(40)) + String.format("%02d", 1 + RANDOM.nextInt(12))
                + String.format("%02d", 1 + RANDOM.nextInt(28)) + String.format("%03d", RANDOM.nextInt(1000));
        return first + IdNumbers.checkCharacter(first);
    }

    public static String phone() {
        return "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    public long person(String name, String areaCode, String idNumber, String phone) {
        return jdbc.sql("""
                        insert into person (name, gender, id_number_enc, id_number_index, id_number_masked,
                                            phone_enc, phone_index, phone_masked, area_code)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(name, idNumber == null ? null : IdNumbers.genderOf(idNumber), cipher.encrypt(idNumber),
                        cipher.blindIndex(idNumber), Masking.idNumber(idNumber), cipher.encrypt(phone),
                        cipher.blindIndex(phone), Masking.phone(phone), areaCode)
                .query(Long.class).single();
    }

    public long grant(long personId, String role, String areaCode, String workerType) {
        return jdbc.sql("""
                        insert into role_assignment (person_id, role, area_code, worker_type) values (?, ?, ?, ?)
                        returning id""")
                .params(personId, role, areaCode, workerType).query(Long.class).single();
    }

    public String account(long personId, String password, boolean mustChange) {
        String username = "t" + county + "u" + SEQ.incrementAndGet() + "x" + RANDOM.nextInt(10000);
        jdbc.sql("""
                        insert into account (username, person_id, password_hash, must_change_password)
                        values (?, ?, ?, ?)""")
                .params(username, personId, encoder.encode(password), mustChange).update();
        return username;
    }

    /** A person with one role and an account that can sign in with {@link #PASSWORD}. */
    public Staff staff(String role, String areaCode) {
        long p = person("员工" + SEQ.incrementAndGet(), areaCode, idNumber(), phone());
        grant(p, role, areaCode, role.equals("GRID_WORKER") ? "FULL_TIME" : null);
        return new Staff(p, account(p, PASSWORD, false));
    }

    public record Staff(long personId, String username) {
    }

    /** A staff member as the signed-in user, for calling facades directly (its posts read as at login). */
    public org.fengqiao.support.TestUsers.User user(Staff staff) {
        return org.fengqiao.support.TestUsers.ofAccount(jdbc, staff.username());
    }

    /** Signs in through the real login form and returns the session. */
    public MockHttpSession login(String username) throws Exception {
        return login(username, PASSWORD);
    }

    public MockHttpSession login(String username, String password) throws Exception {
        MvcResult r = mvc.perform(formLogin("/login").user(username).password(password)).andReturn();
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    public long auditCount(String actor, String action, String outcome) {
        return jdbc.sql("select count(*) from audit_event where actor = ? and action = ? and outcome = ?")
                .params(actor, action, outcome).query(Long.class).single();
    }
}
