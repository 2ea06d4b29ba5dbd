package org.fengqiao.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The category catalogue, readable by everyone, editable by system admins and leaders. */
@Service
public class CategoryCatalogue {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9-]{1,31}");
    private static final String SELECT = "select * from case_category";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final AccessPolicy policy;

    CategoryCatalogue(JdbcClient jdbc, AuditTrail audit, Clock clock, AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** When the catalogue last changed (Open311's changeset), or empty when it never did. */
    public Optional<java.time.Instant> lastChange() {
        return jdbc.sql("select max(updated_at) from case_category").query(OffsetDateTime.class).optional()
                .map(OffsetDateTime::toInstant);
    }

    public List<Category> all() {
        return jdbc.sql(SELECT + " order by group_code, code").query(CategoryCatalogue::map).list();
    }

    public List<Category> active() {
        return jdbc.sql(SELECT + " where active order by group_code, code").query(CategoryCatalogue::map).list();
    }

    public Optional<Category> find(String code) {
        return Optional.ofNullable(cached().get(code));
    }

    /** Every report and case step looks categories up; they change rarely, so they are kept for 30 s. */
    private final java.util.concurrent.atomic.AtomicReference<Snapshot> cache =
            new java.util.concurrent.atomic.AtomicReference<>();

    private record Snapshot(java.util.Map<String, Category> byCode, long loadedAt) {
    }

    private java.util.Map<String, Category> cached() {
        Snapshot s = cache.get();
        long now = System.nanoTime();
        if (s == null || now - s.loadedAt() > 30_000_000_000L) {
            java.util.Map<String, Category> m = new java.util.HashMap<>();
            all().forEach(c -> m.put(c.code(), c));
            s = new Snapshot(java.util.Map.copyOf(m), now);
            cache.set(s);
        }
        return s.byCode();
    }

    private Optional<Category> load(String code) {
        return jdbc.sql(SELECT + " where code = ?").param(code).query(CategoryCatalogue::map).optional();
    }

    /** The active category with this code, or a 400 naming the unknown code. */
    public Category require(String code) {
        return find(code).filter(Category::active)
                .orElseThrow(() -> new InvalidRequestException("Unknown category: " + code));
    }

    /** What an admin may change in a category; validates itself. */
    public record Edit(String code, String name, String nameEn, String groupCode, String defaultLeadOrg,
                       String intakeConditions, String closingConditions, boolean dispute,
                       DeadlineRule accept, DeadlineRule sign, DeadlineRule handle, DeadlineRule verify,
                       boolean active, Integer expectedVersion) {
        public Edit {
            if (code == null || !CODE.matcher(code).matches()) {
                throw new InvalidRequestException("A category code is 2–32 capital letters, digits or dashes");
            }
            if (name == null || name.isBlank() || name.length() > 80 || nameEn == null || nameEn.isBlank()
                    || nameEn.length() > 80) {
                throw new InvalidRequestException("A category needs a Chinese and an English name (at most 80)");
            }
            if (groupCode == null || groupCode.isBlank()) {
                throw new InvalidRequestException("A category needs a group");
            }
            if (accept == null || sign == null || handle == null || verify == null) {
                throw new InvalidRequestException("Every stage needs a time limit");
            }
            defaultLeadOrg = defaultLeadOrg == null || defaultLeadOrg.isBlank() ? null : defaultLeadOrg.trim();
        }
    }

    /** Creates a category (no expected version) or updates it (with the version the editor saw). */
    @Transactional
    public Category save(Edit e) {
        policy.checkCountyWide(CasePermission.MANAGE_SETTINGS);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Category> existing = load(e.code());
        cache.set(null);
        if (existing.isEmpty()) {
            jdbc.sql("""
                            insert into case_category (code, name, name_en, group_code, default_lead_org,
                              intake_conditions, closing_conditions, dispute, accept_amount, accept_unit, sign_amount,
                              sign_unit, handle_amount, handle_unit, verify_amount, verify_unit, active, updated_at,
                              updated_by)
                            values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                    .params(e.code(), e.name(), e.nameEn(), e.groupCode(), e.defaultLeadOrg(), e.intakeConditions(),
                            e.closingConditions(), e.dispute(), e.accept().amount(), e.accept().unit().name(),
                            e.sign().amount(), e.sign().unit().name(), e.handle().amount(), e.handle().unit().name(),
                            e.verify().amount(), e.verify().unit().name(), e.active(), now, org.fengqiao.platform.CurrentUser.actor())
                    .update();
            audit.record("CATEGORY_CREATE", e.code(), e.name(), AuditTrail.Outcome.SUCCESS);
        } else {
            if (e.expectedVersion() == null) {
                throw new ConflictException("Category " + e.code() + " already exists");
            }
            int n = jdbc.sql("""
                            update case_category set name=?, name_en=?, group_code=?, default_lead_org=?,
                              intake_conditions=?, closing_conditions=?, dispute=?, accept_amount=?, accept_unit=?,
                              sign_amount=?, sign_unit=?, handle_amount=?, handle_unit=?, verify_amount=?,
                              verify_unit=?, active=?, updated_at=?, updated_by=?, version = version + 1
                            where code = ? and version = ?""")
                    .params(e.name(), e.nameEn(), e.groupCode(), e.defaultLeadOrg(), e.intakeConditions(),
                            e.closingConditions(), e.dispute(), e.accept().amount(), e.accept().unit().name(),
                            e.sign().amount(), e.sign().unit().name(), e.handle().amount(), e.handle().unit().name(),
                            e.verify().amount(), e.verify().unit().name(), e.active(), now, org.fengqiao.platform.CurrentUser.actor(),
                            e.code(), e.expectedVersion())
                    .update();
            if (n == 0) {
                throw new ConflictException("Someone else changed category " + e.code()
                        + " in the meantime; reload and try again.");
            }
            audit.record("CATEGORY_UPDATE", e.code(), e.name(), AuditTrail.Outcome.SUCCESS);
        }
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        cache.set(null);
                    }
                });
        return load(e.code()).orElseThrow(() -> new NotFoundException("category " + e.code()));
    }

    static Category map(ResultSet rs, int row) throws SQLException {
        return new Category(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("name_en"),
                rs.getString("group_code"), rs.getString("default_lead_org"), rs.getString("intake_conditions"),
                rs.getString("closing_conditions"), rs.getBoolean("dispute"),
                DeadlineRule.parse(rs.getInt("accept_amount"), rs.getString("accept_unit")),
                DeadlineRule.parse(rs.getInt("sign_amount"), rs.getString("sign_unit")),
                DeadlineRule.parse(rs.getInt("handle_amount"), rs.getString("handle_unit")),
                DeadlineRule.parse(rs.getInt("verify_amount"), rs.getString("verify_unit")),
                rs.getBoolean("active"), rs.getInt("version"));
    }
}
