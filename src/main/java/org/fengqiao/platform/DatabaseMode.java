package org.fengqiao.platform;

import java.io.IOException;
import java.nio.channels.FileLock;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Whether the platform runs on its own embedded PostgreSQL, and that server if so, with the lock that marks the
 * data folder as ours.
 */
public record DatabaseMode(EmbeddedPostgres server, FileLock dataFolderLock) implements AutoCloseable {

    public boolean embedded() {
        return server != null;
    }

    @Override
    public void close() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (dataFolderLock != null) {
                dataFolderLock.channel().close();
            }
        }
    }
}
