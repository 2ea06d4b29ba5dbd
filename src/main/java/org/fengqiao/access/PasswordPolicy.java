package org.fengqiao.access;

import java.util.ArrayList;
import java.util.List;

import org.fengqiao.platform.FengqiaoProperties;
import org.springframework.stereotype.Component;

/** 等保 level 3: at least 8 characters (configurable) of at least three of four character classes. */
@Component
public class PasswordPolicy {

    private final int minLength;

    PasswordPolicy(FengqiaoProperties properties) {
        this.minLength = properties.security().minPasswordLength();
    }

    /** The message keys of the rules this password breaks; empty when it is acceptable. */
    public List<String> violations(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < minLength) {
            problems.add("password.rule.length");
        }
        if (password != null) {
            int classes = 0;
            classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
            classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
            classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
            classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
            if (classes < 3) {
                problems.add("password.rule.classes");
            }
            if (username != null && password.toLowerCase().contains(username.toLowerCase())) {
                problems.add("password.rule.username");
            }
        }
        return problems;
    }

    public int minLength() {
        return minLength;
    }
}
