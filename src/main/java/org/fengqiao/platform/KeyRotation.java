package org.fengqiao.platform;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-encrypts every declared {@link EncryptedColumns} value that is not under the active data key, in small
 * batches while the platform runs: reads keep working throughout (the retiring keys are still readable), writes
 * already use the new key, and rows another instance or a user holds are skipped and taken later
 * ({@code for update skip locked}). When nothing is pending the retiring keys are no longer used anywhere and can be
 * removed from {@code fengqiao.crypto.previous-keys} (docs/KEYS.md). Blind indexes are not touched: the index key is
 * separate and stays.
 */
@Service
public class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final ObjectProvider<EncryptedColumns> declared;
    private final TransactionTemplate tx;

    KeyRotation(JdbcTemplate jdbc, FieldCipher cipher, ObjectProvider<EncryptedColumns> declared,
                PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.declared = declared;
        this.tx = new TransactionTemplate(transactions);
    }

    public record TableStatus(String table, long pending) {
    }

    /** Where the rotation stands: nothing pending means the retiring keys can be removed. */
    public record Status(String algorithm, String activeKeyId, List<String> retiringKeyIds, List<TableStatus> tables,
                         long pending) {
        public boolean retiringKeysUnused() {
            return pending == 0;
        }
    }

    public Status status() {
        return status(tables());
    }

    Status status(List<EncryptedColumns> tables) {
        List<TableStatus> out = new ArrayList<>();
        long total = 0;
        for (EncryptedColumns t : tables) {
            Long n = jdbc.queryForObject("select count(*) from " + t.table() + " where " + stale(t), Long.class,
                    prefixes(t));
            out.add(new TableStatus(t.table(), n == null ? 0 : n));
            total += n == null ? 0 : n;
        }
        return new Status(cipher.algorithm(), cipher.activeKeyId(), cipher.retiringKeyIds(), out, total);
    }

    /** Re-encrypts up to {@code max} rows of each table, each table in its own transaction; returns rows changed. */
    public int rotateBatch(int max) {
        return rotateBatch(tables(), max);
    }

    int rotateBatch(List<EncryptedColumns> tables, int max) {
        int changed = 0;
        for (EncryptedColumns t : tables) {
            Integer n = tx.execute(s -> rotate(t, max));
            changed += n == null ? 0 : n;
        }
        return changed;
    }

    private int rotate(EncryptedColumns t, int max) {
        String cols = String.join(", ", t.columns());
        List<Object[]> rows = new ArrayList<>();
        Object[] args = new Object[t.columns().size() + 1];
        System.arraycopy(prefixes(t), 0, args, 0, t.columns().size());
        args[args.length - 1] = max;
        jdbc.query("select " + t.idColumn() + ", " + cols + " from " + t.table() + " where " + stale(t)
                + " order by " + t.idColumn() + " limit ? for update skip locked", rs -> {
            Object[] row = new Object[t.columns().size() + 1];
            for (int i = 0; i < t.columns().size(); i++) {
                row[i] = cipher.reEncrypt(rs.getBytes(i + 2));
            }
            row[row.length - 1] = rs.getObject(1);
            rows.add(row);
        }, args);
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder set = new StringBuilder();
        for (String c : t.columns()) {
            set.append(set.isEmpty() ? "" : ", ").append(c).append(" = ?");
        }
        jdbc.batchUpdate("update " + t.table() + " set " + set + " where " + t.idColumn() + " = ?", rows);
        return rows.size();
    }

    /** Runs in the background while keys are being retired, or a value without a key id is left. */
    @Scheduled(fixedDelayString = "${fengqiao.crypto.rotation-delay:60s}", initialDelayString = "${fengqiao.crypto.rotation-delay:60s}")
    @SchedulerLock(name = "platform.KeyRotation", lockAtMostFor = "PT30M")
    void sweep() {
        if (cipher.retiringKeyIds().isEmpty()) {
            return;
        }
        try {
            int total = 0;
            int n;
            do {
                n = rotateBatch(BATCH);
                total += n;
            } while (n > 0 && total < 200_000);
            if (total > 0) {
                log.info("Re-encrypted {} rows under key {}", total, cipher.activeKeyId());
            }
        } catch (RuntimeException e) {
            log.warn("Key rotation paused: {}", e.toString());
        }
    }

    private List<EncryptedColumns> tables() {
        return declared.orderedStream().toList();
    }

    private static String stale(EncryptedColumns t) {
        StringBuilder sb = new StringBuilder("(");
        for (String c : t.columns()) {
            sb.append(sb.length() == 1 ? "" : " or ").append('(').append(c).append(" is not null and substring(")
                    .append(c).append(" from 1 for ").append(FieldCipher.HEADER).append(") <> ?)");
        }
        return sb.append(')').toString();
    }

    private Object[] prefixes(EncryptedColumns t) {
        Object[] p = new Object[t.columns().size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = cipher.activePrefix();
        }
        return p;
    }
}
