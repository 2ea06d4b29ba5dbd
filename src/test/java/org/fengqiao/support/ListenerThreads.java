package org.fengqiao.support;

import java.util.concurrent.ThreadPoolExecutor;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Hands {@link Events#settle} the platform's listener threads ({@code platform.EventListenerExecutor}): a delivery
 * can wait in their queue after its publication is no longer open (a redelivery queued twice), so "no open
 * publication" alone does not mean every listener has run.
 */
public final class ListenerThreads implements BeforeAllCallback {

    static volatile ThreadPoolExecutor pool;

    @Override
    public void beforeAll(ExtensionContext context) {
        pool = SpringExtension.getApplicationContext(context)
                .getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class).getThreadPoolExecutor();
    }

    static boolean idle() {
        ThreadPoolExecutor p = pool;
        return p == null || (p.getQueue().isEmpty() && p.getActiveCount() == 0);
    }
}
