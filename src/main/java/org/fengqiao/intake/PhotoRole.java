package org.fengqiao.intake;

/** What a photo shows: the matter as found, or before and after a fix. */
public enum PhotoRole {
    EVIDENCE, BEFORE, AFTER
}
