package org.fengqiao.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.fengqiao.platform.FengqiaoProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Photos as files in {@code <data-dir>/photos/ab/cd/<key>}, written atomically and fsynced. */
class FilePhotoStore implements PhotoStore {

    private final Path root;

    FilePhotoStore(Path root) {
        this.root = root;
    }

    @Override
    public void put(String key, byte[] data) {
        Path file = path(key);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(data));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store photo " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path file = path(key);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read photo " + key, e);
        }
    }

    private Path path(String key) {
        if (!key.matches("[0-9a-f-]{36}(\\.thumb)?")) {
            throw new IllegalArgumentException("bad photo key");
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @ConditionalOnMissingBean(PhotoStore.class)
        PhotoStore filePhotoStore(FengqiaoProperties properties) {
            return new FilePhotoStore(properties.dataDir().resolve("photos"));
        }
    }
}
