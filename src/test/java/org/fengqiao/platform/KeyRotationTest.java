package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Rotating the data key without downtime: values under the old key stay readable while the new key writes, the
 * rotation re-encrypts them in batches on the real database, and afterwards a cipher that no longer knows the old
 * key reads everything (the old key is retired).
 */
@IntegrationTest
class KeyRotationTest {

    static final String OLD = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
    static final String NEW = Base64.getEncoder().encodeToString("fedcba9876543210".getBytes());

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    FieldCipher running;
    @Autowired
    KeyRotation platformRotation;

    static FieldCipher cipher(String key, String previous) {
        return new FieldCipher(new FengqiaoProperties(Path.of("target/no-such-dir"), 0,
                new FengqiaoProperties.Demo("never", 1), new FengqiaoProperties.Security(5, null, null, null, 8),
                new FengqiaoProperties.Crypto("SM4", key, NEW, previous), new FengqiaoProperties.MapSettings("", "")));
    }

    /** How values were written before key ids existed: IV first, no header. */
    static byte[] legacy(FieldCipher under, String plain) {
        byte[] current = under.encrypt(plain);
        return java.util.Arrays.copyOfRange(current, FieldCipher.HEADER, current.length);
    }

    @Test
    void theNewKeyReadsOldValuesWritesNewOnesAndTheOldKeyCanBeRetiredAfterTheRotation() {
        FieldCipher old = cipher(OLD, "");
        FieldCipher both = cipher(NEW, OLD);
        FieldCipher retired = cipher(NEW, "");
        jdbc.execute("create table if not exists key_rotation_probe (id bigint primary key, a bytea, b bytea)");
        jdbc.update("delete from key_rotation_probe");
        for (int i = 0; i < 1200; i++) {
            jdbc.update("insert into key_rotation_probe values (?, ?, ?)", i,
                    i % 2 == 0 ? old.encrypt("44078419800101" + i) : legacy(old, "44078419800101" + i),
                    i % 3 == 0 ? null : old.encrypt("1380013" + i));
        }
        // during the rotation: the new cipher reads old and legacy values and writes under the new key
        byte[] sample = jdbc.queryForObject("select a from key_rotation_probe where id = 1", byte[].class);
        assertThat(both.decrypt(sample)).isEqualTo("440784198001011");
        assertThat(both.isCurrent(sample)).isFalse();
        assertThat(both.isCurrent(both.encrypt("x"))).isTrue();
        assertThatThrownBy(() -> retired.decrypt(sample)).isInstanceOf(IllegalStateException.class);

        KeyRotation rotation = new KeyRotation(jdbc, both, null, transactions);
        List<EncryptedColumns> probe = List.of(EncryptedColumns.of("key_rotation_probe", "id", "a", "b"));
        assertThat(rotation.status(probe).pending()).isEqualTo(1200);
        assertThat(rotation.rotateBatch(probe, 500)).isEqualTo(500);
        assertThat(rotation.status(probe).pending()).isEqualTo(700);
        while (rotation.rotateBatch(probe, 500) > 0) {
            // batches until nothing is left
        }
        assertThat(rotation.status(probe).retiringKeysUnused()).isTrue();
        // the old key is gone: a cipher without it reads every value
        jdbc.query("select id, a, b from key_rotation_probe", rs -> {
            long id = rs.getLong(1);
            assertThat(retired.decrypt(rs.getBytes(2))).isEqualTo("44078419800101" + id);
            assertThat(retired.decrypt(rs.getBytes(3))).isEqualTo(id % 3 == 0 ? null : "1380013" + id);
        });
        jdbc.execute("drop table key_rotation_probe");
    }

    @Test
    void everyModulesEncryptedColumnsAreDeclaredAndCurrentAfterTheDemoLoad() {
        KeyRotation.Status status = platformRotation.status();
        assertThat(status.tables()).extracting(KeyRotation.TableStatus::table).contains("person", "account",
                "report", "volunteer_reporter", "registry_resident", "registry_household");
        assertThat(status.pending()).isZero();
        assertThat(status.retiringKeyIds()).isEmpty();
        assertThat(running.isCurrent(running.encrypt("13800138000"))).isTrue();
    }

    @Test
    void aValueTamperedWithIsRefused() {
        FieldCipher c = cipher(NEW, "");
        byte[] v = c.encrypt("440784198001011234");
        v[v.length - 1] ^= 1;
        assertThatThrownBy(() -> c.decrypt(v)).isInstanceOf(IllegalStateException.class);
    }
}
