package org.fengqiao.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Encrypts sensitive fields (ID numbers, phone numbers) at rest and computes their blind index, a keyed hash for
 * exact-match search without decrypting the table. SM4-GCM with HMAC-SM3 by default (GB/T 39786), AES-GCM with
 * HMAC-SHA256 where configured. Keys come from configuration; for a local start without configuration they are
 * generated once into the data folder, never into the repository.
 *
 * <p>Key rotation: a value is written as {@code FE 01 | key id (4 bytes) | IV (12) | ciphertext with tag}, the key
 * id being the first bytes of the key's SHA-256. Values written before rotation existed have no header (IV first);
 * they are read by trying the keys (GCM's tag tells the right one). New values always use the active key
 * ({@code fengqiao.crypto.key}); the keys being retired ({@code fengqiao.crypto.previous-keys}) are only read, and
 * {@link KeyRotation} re-encrypts what they hold in the background until none is left (docs/KEYS.md).
 */
@Component
public class FieldCipher {

    private static final Logger log = LoggerFactory.getLogger(FieldCipher.class);
    private static final int IV_BYTES = 12;
    private static final byte MAGIC = (byte) 0xFE;
    private static final byte VERSION = 0x01;
    /** Length of the header before the IV: magic, version, key id. */
    static final int HEADER = 6;

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /** A data key and its short id. */
    private record DataKey(SecretKeySpec spec, byte[] id) {
        String hexId() {
            return HexFormat.of().formatHex(id);
        }
    }

    private final String algorithm;
    private final DataKey active;
    /** The active key first, then the keys being retired. */
    private final List<DataKey> readable;
    private final SecretKeySpec indexKey;
    // IVs from a few generators picked by thread: the default (NativePRNG) serialises every caller on one lock, which
    // a bulk write encrypting on several threads waits for; a few fixed ones (not one per — virtual — thread)
    private final SecureRandom[] randoms = java.util.stream.Stream.generate(FieldCipher::newRandom).limit(8)
            .toArray(SecureRandom[]::new);
    // looking a cipher or MAC up in the provider costs more than using it: one of each per thread
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(this::newCipher);
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public FieldCipher(FengqiaoProperties properties) {
        FengqiaoProperties.Crypto crypto = properties.crypto();
        this.algorithm = crypto.algorithm().toUpperCase();
        if (!algorithm.equals("SM4") && !algorithm.equals("AES")) {
            throw new StartupProblem("fengqiao.crypto.algorithm must be SM4 or AES, not " + crypto.algorithm());
        }
        byte[] data = key(crypto.key(), properties.dataDir().resolve("keys/data.key"));
        byte[] index = key(crypto.indexKey(), properties.dataDir().resolve("keys/index.key"));
        this.active = dataKey(data);
        List<DataKey> keys = new ArrayList<>();
        keys.add(active);
        String previous = crypto.previousKeys() == null ? "" : crypto.previousKeys();
        for (String k : previous.split("[,\\s]+")) {
            if (!k.isBlank()) {
                DataKey old;
                try {
                    old = dataKey(Base64.getDecoder().decode(k.trim()));
                } catch (IllegalArgumentException e) {
                    throw new StartupProblem("fengqiao.crypto.previous-keys holds a value that is not base64");
                }
                if (!Arrays.equals(old.id(), active.id())) {
                    keys.add(old);
                }
            }
        }
        this.readable = List.copyOf(keys);
        this.indexKey = new SecretKeySpec(index, macName());
    }

    private DataKey dataKey(byte[] raw) {
        if (raw.length != 16 && !(algorithm.equals("AES") && (raw.length == 24 || raw.length == 32))) {
            throw new StartupProblem("a data key for " + algorithm + " has 16 bytes" + (algorithm.equals("AES")
                    ? " (or 24, 32)" : "") + ", not " + raw.length);
        }
        try {
            byte[] id = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(raw), 4);
            return new DataKey(new SecretKeySpec(raw, algorithm), id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts a value under the active key; null stays null. */
    public byte[] encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            randoms[(int) (Thread.currentThread().threadId() & (randoms.length - 1))].nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, active.spec(), new GCMParameterSpec(128, iv));
            byte[] ct = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER + iv.length + ct.length).put(MAGIC).put(VERSION).put(active.id())
                    .put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts a value written under the active key or a key being retired; null stays null. */
    public String decrypt(byte[] stored) {
        if (stored == null) {
            return null;
        }
        Opened o = open(stored);
        if (o == null) {
            throw new IllegalStateException("decryption failed: wrong key or tampered value");
        }
        return o.plain();
    }

    private record Opened(String plain, DataKey key) {
    }

    private Opened open(byte[] stored) {
        if (stored.length > HEADER + IV_BYTES && stored[0] == MAGIC && stored[1] == VERSION) {
            for (DataKey k : readable) {
                if (Arrays.equals(k.id(), 0, 4, stored, 2, HEADER)) {
                    String plain = tryDecrypt(k, stored, HEADER);
                    if (plain != null) {
                        return new Opened(plain, k);
                    }
                }
            }
        }
        // a value from before key ids (IV first), or — once in 2^40 — a headerless value that looks like one
        for (DataKey k : readable) {
            String plain = tryDecrypt(k, stored, 0);
            if (plain != null) {
                return new Opened(plain, k);
            }
        }
        return null;
    }

    private String tryDecrypt(DataKey key, byte[] stored, int offset) {
        if (stored.length < offset + IV_BYTES + 16) {
            return null;
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(128, stored, offset, IV_BYTES));
            return new String(cipher.doFinal(stored, offset + IV_BYTES, stored.length - offset - IV_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Whether a stored value is written under the active key (the rotation leaves those alone). */
    public boolean isCurrent(byte[] stored) {
        if (stored == null) {
            return true;
        }
        Opened o = open(stored);
        return o != null && o.key() == active && stored[0] == MAGIC;
    }

    /** The value re-encrypted under the active key; the same bytes when it already is. */
    public byte[] reEncrypt(byte[] stored) {
        if (stored == null || isCurrent(stored)) {
            return stored;
        }
        return encrypt(decrypt(stored));
    }

    /**
     * The first bytes of every value written under the active key, for a SQL filter that finds the values still to
     * re-encrypt ({@code substring(col from 1 for 6) <> ?}).
     */
    public byte[] activePrefix() {
        return ByteBuffer.allocate(HEADER).put(MAGIC).put(VERSION).put(active.id()).array();
    }

    /** Hex ids of the active key and of the keys being retired, for the rotation status. */
    public String activeKeyId() {
        return active.hexId();
    }

    public List<String> retiringKeyIds() {
        return readable.stream().skip(1).map(DataKey::hexId).toList();
    }

    /** The blind index of a value: the same input always gives the same bytes, and reveals nothing without the key. */
    public byte[] blindIndex(String plain) {
        if (plain == null) {
            return null;
        }
        return macs.get().doFinal(plain.trim().toUpperCase().getBytes(StandardCharsets.UTF_8));
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }

    private Cipher newCipher() {
        try {
            return Cipher.getInstance(algorithm + "/GCM/NoPadding", BouncyCastleProvider.PROVIDER_NAME);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + algorithm + "/GCM cipher", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(macName(), BouncyCastleProvider.PROVIDER_NAME);
            mac.init(indexKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + macName(), e);
        }
    }

    public String algorithm() {
        return algorithm;
    }

    private String macName() {
        return algorithm.equals("SM4") ? "HMACSM3" : "HmacSHA256";
    }

    private byte[] key(String configured, Path file) {
        if (StringUtils.hasText(configured)) {
            return Base64.getDecoder().decode(configured.trim());
        }
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.warn("Generated a new key in {}; configure fengqiao.crypto keys from a key service in production",
                    file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key " + file, e);
        }
    }
}
