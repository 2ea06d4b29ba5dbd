package org.fengqiao.publicchannel;

import java.util.function.Supplier;

import org.fengqiao.publicchannel.internal.ReadAs;

/** Helpers the public channels share (the QR pages here, Open311 next door). */
public final class PublicChannels {

    private PublicChannels() {
    }

    /**
     * Runs an intake call as a public client (e.g. "open311:3"), with no roles and no scope, so that uploads are
     * attributed to that client and nothing else is granted.
     */
    public static <T> T uploadAs(String client, Supplier<T> work) {
        return ReadAs.run(client, null, work);
    }
}
