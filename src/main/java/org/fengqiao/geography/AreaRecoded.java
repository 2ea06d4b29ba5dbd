package org.fengqiao.geography;

/**
 * An area was moved under another parent, so every code starting with {@code oldPrefix} now starts with
 * {@code newPrefix} instead. Modules keeping area codes should rewrite theirs (a subtree is a code prefix).
 */
public record AreaRecoded(String oldPrefix, String newPrefix, String actor, String reason) {
}
