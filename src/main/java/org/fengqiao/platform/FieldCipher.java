package org.fengqiao.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Base64;

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
 */
@Component
public class FieldCipher {

    private static final Logger log = LoggerFactory.getLogger(FieldCipher.class);
    private static final int IV_BYTES = 12;

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private final String algorithm;
    private final SecretKeySpec dataKey;
    private final SecretKeySpec indexKey;
    private final SecureRandom random = new SecureRandom();
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
        this.dataKey = new SecretKeySpec(data, algorithm);
        this.indexKey = new SecretKeySpec(index, macName());
    }

    /** Encrypts a value; null stays null. Layout: 12-byte IV, then ciphertext with tag. */
    public byte[] encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(128, iv));
            byte[] ct = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(byte[] stored) {
        if (stored == null) {
            return null;
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(128, stored, 0, IV_BYTES));
            return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong key or tampered value", e);
        }
    }

    /** The blind index of a value: the same input always gives the same bytes, and reveals nothing without the key. */
    public byte[] blindIndex(String plain) {
        if (plain == null) {
            return null;
        }
        return macs.get().doFinal(plain.trim().toUpperCase().getBytes(StandardCharsets.UTF_8));
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
            random.nextBytes(key);
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
