package org.fengqiao.notifications;

/**
 * Sends an urgent notice outside the platform (SMS, a webhook to a work-messaging system). The default
 * implementation only logs that it would send, without personal data; a deployment supplies its own bean.
 */
public interface Gateway {

    /** @param personId who to reach; the gateway looks up their contact itself, @param text the rendered text */
    void send(long personId, String text);
}
