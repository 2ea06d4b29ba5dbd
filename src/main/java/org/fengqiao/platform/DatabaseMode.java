package org.fengqiao.platform;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Whether the platform runs on its own embedded PostgreSQL, and that server if so. */
public record DatabaseMode(EmbeddedPostgres server) implements AutoCloseable {

    public boolean embedded() {
        return server != null;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
