package org.fengqiao.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's own settings ({@code fengqiao.*}). Every one has a default that works on a fresh machine.
 *
 * @param dataDir        where the embedded database, generated keys and uploads live
 * @param embeddedDbPort port of the embedded PostgreSQL; 0 picks a free one
 * @param demo           whether to load the demo county into an empty database
 * @param security       login and session policy
 * @param crypto         keys for field encryption and blind indexes
 * @param map            base tile layer of the map; none means polygons on a plain background
 */
@ConfigurationProperties("fengqiao")
public record FengqiaoProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("0") int embeddedDbPort,
        @DefaultValue Demo demo,
        @DefaultValue Security security,
        @DefaultValue Crypto crypto,
        @DefaultValue MapSettings map) {

    /** @param load "auto" loads into an empty embedded database only, "always"/"never" say so */
    public record Demo(@DefaultValue("auto") String load, @DefaultValue("20260315") long seed) {
    }

    public record Security(
            @DefaultValue("5") int maxFailedLogins,
            @DefaultValue("15m") Duration lockout,
            @DefaultValue("30m") Duration idleTimeout,
            @DefaultValue("0d") Duration passwordExpiry,
            @DefaultValue("8") int minPasswordLength) {
    }

    /**
     * @param algorithm "SM4" (SM4-GCM + SM3-HMAC, for 密评 deployments) or "AES" (AES-GCM + HMAC-SHA256)
     * @param key       base64 data key (16 bytes for SM4, 16/32 for AES); empty: a key is generated into the data
     *                  folder on first start
     * @param indexKey  base64 key for the blind index; empty: generated beside the data key
     * @param previousKeys base64 data keys being retired, comma-separated: still read, never written; values under
     *                  them are re-encrypted under {@code key} in the background (docs/KEYS.md)
     */
    public record Crypto(@DefaultValue("SM4") String algorithm, @DefaultValue("") String key,
                         @DefaultValue("") String indexKey, @DefaultValue("") String previousKeys) {
    }

    /** @param tileUrl a Leaflet URL template such as https://…/{z}/{x}/{y}.png; empty: no base layer */
    public record MapSettings(@DefaultValue("") String tileUrl, @DefaultValue("") String tileAttribution) {
    }
}
