package org.fengqiao.platform;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a listener handles an event that carries many records (e.g. intake's batches of reports): the whole batch in
 * one transaction, tried again when the database broke a lock cycle. If the batch still fails, every record is
 * handled alone in a transaction of its own, so that one record the listener cannot handle does not hold back the
 * others; the first failure is then thrown again, so the publication stays incomplete and is delivered again later
 * (the listener must be idempotent, as every listener is).
 */
public final class BatchDelivery {

    private BatchDelivery() {
    }

    public static <T> void deliver(TransactionTemplate tx, List<T> records, Consumer<List<T>> all, Consumer<T> one) {
        try {
            retryingLocks(tx, () -> all.accept(records));
            return;
        } catch (RuntimeException batchFailed) {
            if (records.size() == 1) {
                throw batchFailed;
            }
        }
        RuntimeException first = null;
        for (T record : records) {
            try {
                retryingLocks(tx, () -> one.accept(record));
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Runs the work in a transaction, up to five times when the database broke a lock cycle (or a lock wait). */
    public static void retryingLocks(TransactionTemplate tx, Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(s -> work.run());
                return;
            } catch (PessimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
