package org.fengqiao.publicchannel;

import java.util.List;

/**
 * Further things a person can do at a door plate besides reporting, offered by other modules on the page the plate's
 * QR code opens (e.g. the registry's tenant self-registration, "粤居码"). publicchannel depends on none of them: they
 * implement this and publicchannel shows what they return.
 */
public interface PlateLinks {

    /** Links for this plate, in order; none when the module has nothing to offer here. */
    List<Link> linksFor(PublicCode plate);

    /** A link with its label as a message key of the offering module. */
    record Link(String messageKey, String href) {
    }
}
