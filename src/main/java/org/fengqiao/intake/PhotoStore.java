package org.fengqiao.intake;

import java.util.Optional;

/**
 * Where photo bytes live. The default keeps files under the data folder; an object store (MinIO, OSS) can replace it
 * by declaring another bean of this type.
 */
public interface PhotoStore {

    void put(String key, byte[] data);

    Optional<byte[]> get(String key);
}
