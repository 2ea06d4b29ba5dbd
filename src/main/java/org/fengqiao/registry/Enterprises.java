package org.fengqiao.registry;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.registry.internal.Checks;
import org.fengqiao.registry.CreditCodes;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enterprises (非公有制经济组织): the unified social credit code checked with its check character, legal
 * representative and safety contact (phones encrypted, masked), head-count, park, the "人、地、事、物、组织" sheet, and the
 * monthly electricity use imported from the power supplier, set against head-count to spot low-efficiency firms.
 */
@Service
public class Enterprises {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Enterprises(JdbcClient jdbc, AccessPolicy policy, FieldCipher cipher, AreaDirectory areas, AuditTrail audit,
                ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.cipher = cipher;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public record EnterpriseInput(String creditCode, String name, String organisationCode, String areaCode,
                                  String parkCode, String address, String industry, String legalRepName,
                                  String legalRepPhone, Integer headcount, String safetyContactName,
                                  String safetyContactPhone, String keyThings, String organisationsNote) {
    }

    /** An enterprise with its last twelve months of electricity and the kWh per head over them. */
    public record EnterpriseView(long id, String creditCode, String name, String organisationCode, String areaCode,
                                 String parkCode, String address, String industry, String legalRepName,
                                 String legalRepPhoneMasked, int headcount, String safetyContactName,
                                 String safetyContactPhoneMasked, String keyThings, String organisationsNote,
                                 int version, List<Month> electricity) {
        public BigDecimal yearKwh() {
            return electricity.stream().map(Month::kwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal kwhPerHead() {
            return headcount == 0 ? null : yearKwh().divide(BigDecimal.valueOf(headcount), 0,
                    java.math.RoundingMode.HALF_UP);
        }
    }

    public record Month(LocalDate month, BigDecimal kwh) {
    }

    /** A row of the list: the year's use per head, lowest first shows who produces little for what they use. */
    public record Summary(long id, String creditCode, String name, String areaCode, int headcount, BigDecimal yearKwh,
                          BigDecimal kwhPerHead) {
    }

    public List<Summary> list(String areaPrefix) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty()) {
            return List.of();
        }
        String area = Checks.text(areaPrefix) == null ? null : areaPrefix.strip() + "%";
        LocalDate from = YearMonth.now(clock.withZone(Residents.ZONE)).minusMonths(12).atDay(1);
        return jdbc.sql("""
                        select e.id, e.credit_code, e.name, e.area_code, e.headcount,
                               coalesce(sum(m.kwh), 0) as year_kwh,
                               case when e.headcount > 0 then round(coalesce(sum(m.kwh), 0) / e.headcount) end
                                 as kwh_per_head
                        from registry_enterprise e left join registry_electricity m
                          on m.enterprise_id = e.id and m.month >= ?
                        where e.retired_at is null and e.area_code like any (?) and (?::text is null or e.area_code like ?)
                        group by e.id order by kwh_per_head desc nulls last, e.name limit 500""")
                .params(from, scope.likePatterns(), area, area).query(Summary.class).list();
    }

    public EnterpriseView get(long id) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        record Row(long id, String creditCode, String name, String organisationCode, String areaCode,
                   String parkCode, String address, String industry, String legalRepName, String legalRepPhoneMasked,
                   int headcount, String safetyContactName, String safetyContactPhoneMasked, String keyThings,
                   String organisationsNote, int version) {
        }
        Row r = jdbc.sql("""
                        select id, credit_code, name, organisation_code, area_code, park_code, address, industry,
                               legal_rep_name, legal_rep_phone_masked, headcount, safety_contact_name,
                               safety_contact_phone_masked, key_things, organisations_note, version
                        from registry_enterprise where id = ? and area_code like any (?)""")
                .params(id, scope.likePatterns()).query(Row.class).optional()
                .orElseThrow(() -> new NotFoundException("No enterprise " + id + " in your area."));
        LocalDate from = YearMonth.now(clock.withZone(Residents.ZONE)).minusMonths(12).atDay(1);
        List<Month> months = jdbc.sql("select month, kwh from registry_electricity where enterprise_id = ?"
                        + " and month >= ? order by month").params(id, from).query(Month.class).list();
        return new EnterpriseView(r.id(), r.creditCode(), r.name(), r.organisationCode(), r.areaCode(), r.parkCode(),
                r.address(), r.industry(), r.legalRepName(), r.legalRepPhoneMasked(), r.headcount(),
                r.safetyContactName(), r.safetyContactPhoneMasked(), r.keyThings(), r.organisationsNote(),
                r.version(), months);
    }

    @Transactional
    public long register(EnterpriseInput in) {
        Clean c = clean(in);
        policy.check(RegistryPermission.EDIT, c.areaCode());
        if (jdbc.sql("select count(*) from registry_enterprise where credit_code = ? and retired_at is null")
                .param(c.creditCode()).query(Long.class).single() > 0) {
            throw new ConflictException("An enterprise with credit code " + c.creditCode() + " is registered already.");
        }
        Instant now = Instant.now(clock);
        long id = jdbc.sql("""
                        insert into registry_enterprise (credit_code, name, organisation_code, area_code, park_code,
                          address, industry, legal_rep_name, legal_rep_phone_enc, legal_rep_phone_index,
                          legal_rep_phone_masked, headcount, safety_contact_name, safety_contact_phone_enc,
                          safety_contact_phone_index, safety_contact_phone_masked, key_things, organisations_note,
                          registered_at, registered_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(c.creditCode(), c.name(), c.organisationCode(), c.areaCode(), c.parkCode(), c.address(),
                        c.industry(), c.legalRepName(), cipher.encrypt(c.legalRepPhone()),
                        cipher.blindIndex(c.legalRepPhone()), Masking.phone(c.legalRepPhone()), c.headcount(),
                        c.safetyContactName(), cipher.encrypt(c.safetyContactPhone()),
                        cipher.blindIndex(c.safetyContactPhone()), Masking.phone(c.safetyContactPhone()),
                        c.keyThings(), c.organisationsNote(), Rooms.utc(now), CurrentUser.actor())
                .query(Long.class).single();
        audit.record("REGISTRY_ENTERPRISE_REGISTER", "enterprise:" + id, c.creditCode() + " " + c.name(),
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.EnterpriseRegistered(id, c.areaCode(), c.parkCode(), c.headcount(), now,
                CurrentUser.actor()));
        return id;
    }

    /** Changes the head-count (the figure set against electricity use). */
    @Transactional
    public void changeHeadcount(long id, int version, int headcount) {
        EnterpriseView e = get(id);
        policy.check(RegistryPermission.EDIT, e.areaCode());
        if (headcount < 0 || headcount > 1_000_000) {
            throw new InvalidRequestException("The head-count must lie between 0 and 1,000,000.");
        }
        int n = jdbc.sql("update registry_enterprise set headcount = ?, version = version + 1 where id = ? and version = ?")
                .params(headcount, id, version).update();
        if (n == 0) {
            throw new ConflictException("Someone else changed this enterprise in the meantime; reload and try again.");
        }
        audit.record("REGISTRY_ENTERPRISE_HEADCOUNT", "enterprise:" + id, String.valueOf(headcount),
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.EnterpriseChanged(id, e.areaCode(), headcount, Instant.now(clock),
                CurrentUser.actor()));
    }

    /** One month of one enterprise's use as the power supplier reports it. */
    public record Reading(String creditCode, String month, String kwh) {
    }

    /** A problem of one reading (its position in the list, 1-based). */
    public record ReadingProblem(int line, String creditCode, String message) {
    }

    /**
     * Imports monthly readings: all of them or none (every reading checked first: credit code valid and registered in
     * the caller's area, month YYYY-MM not in the future, kWh a non-negative number); a month already there is
     * replaced. Returns the problems, empty when imported.
     */
    @Transactional
    public List<ReadingProblem> importElectricity(List<Reading> readings) {
        DataScope scope = policy.requireScope(RegistryPermission.IMPORT);
        List<ReadingProblem> problems = new ArrayList<>();
        record Ok(long enterpriseId, String areaCode, int headcount, LocalDate month, BigDecimal kwh) {
        }
        List<Ok> ok = new ArrayList<>();
        Map<String, Object[]> known = new HashMap<>();
        YearMonth now = YearMonth.now(clock.withZone(Residents.ZONE));
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            String code = CreditCodes.normalise(r.creditCode());
            if (code == null || !CreditCodes.isValid(code)) {
                problems.add(new ReadingProblem(i + 1, r.creditCode(), "not a valid unified social credit code"));
                continue;
            }
            Object[] e = known.computeIfAbsent(code, k -> jdbc.sql("""
                            select id, area_code, headcount from registry_enterprise
                            where credit_code = ? and retired_at is null and area_code like any (?)""")
                    .params(k, scope.likePatterns()).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2),
                            rs.getInt(3)}).optional().orElse(new Object[0]));
            if (e.length == 0) {
                problems.add(new ReadingProblem(i + 1, code, "no enterprise with this code in your area"));
                continue;
            }
            YearMonth month;
            try {
                month = YearMonth.parse(r.month() == null ? "" : r.month().strip());
            } catch (DateTimeParseException ex) {
                problems.add(new ReadingProblem(i + 1, code, "the month must be YYYY-MM"));
                continue;
            }
            if (month.isAfter(now)) {
                problems.add(new ReadingProblem(i + 1, code, "the month lies in the future"));
                continue;
            }
            BigDecimal kwh;
            try {
                kwh = new BigDecimal(r.kwh() == null ? "" : r.kwh().strip());
            } catch (NumberFormatException ex) {
                problems.add(new ReadingProblem(i + 1, code, "kWh is not a number"));
                continue;
            }
            if (kwh.signum() < 0 || kwh.compareTo(new BigDecimal("1e12")) >= 0) {
                problems.add(new ReadingProblem(i + 1, code, "kWh out of range"));
                continue;
            }
            ok.add(new Ok((Long) e[0], (String) e[1], (Integer) e[2], month.atDay(1), kwh));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Instant at = Instant.now(clock);
        for (Ok o : ok) {
            policy.check(RegistryPermission.IMPORT, o.areaCode());
            jdbc.sql("""
                            insert into registry_electricity (enterprise_id, month, kwh, imported_at, imported_by)
                            values (?, ?, ?, ?, ?) on conflict (enterprise_id, month)
                            do update set kwh = excluded.kwh, imported_at = excluded.imported_at,
                                          imported_by = excluded.imported_by""")
                    .params(o.enterpriseId(), o.month(), o.kwh(), Rooms.utc(at), CurrentUser.actor()).update();
            events.publishEvent(new RegistryEvents.ElectricityImported(o.enterpriseId(), o.areaCode(), o.month(),
                    o.kwh(), o.headcount(), at, CurrentUser.actor()));
        }
        audit.record("REGISTRY_ELECTRICITY_IMPORT", "enterprises", ok.size() + " monthly readings",
                AuditTrail.Outcome.SUCCESS);
        return List.of();
    }

    private record Clean(String creditCode, String name, String organisationCode, String areaCode, String parkCode,
                         String address, String industry, String legalRepName, String legalRepPhone, int headcount,
                         String safetyContactName, String safetyContactPhone, String keyThings,
                         String organisationsNote) {
    }

    private Clean clean(EnterpriseInput in) {
        if (in == null) {
            throw new InvalidRequestException("No enterprise was sent.");
        }
        String code = CreditCodes.normalise(in.creditCode());
        if (code == null || !CreditCodes.isValid(code)) {
            throw new InvalidRequestException("The unified social credit code is not valid (18 characters, GB 32100"
                    + " check character).");
        }
        String area = Checks.required(in.areaCode(), "The grid", 24);
        if (areas.find(area).filter(a -> !a.retired()).isEmpty()) {
            throw new InvalidRequestException("There is no area " + area + ".");
        }
        String park = Checks.optional(in.parkCode(), "The park", 24);
        if (park != null && areas.find(park).filter(a -> !a.retired() && "INDUSTRIAL_PARK".equals(a.kind())).isEmpty()) {
            throw new InvalidRequestException("There is no industrial park " + park + ".");
        }
        String rep = phone(in.legalRepPhone(), "legal representative's");
        String safety = phone(in.safetyContactPhone(), "safety contact's");
        int headcount = in.headcount() == null ? 0 : in.headcount();
        if (headcount < 0 || headcount > 1_000_000) {
            throw new InvalidRequestException("The head-count must lie between 0 and 1,000,000.");
        }
        return new Clean(code, Checks.required(in.name(), "The name", 120),
                Checks.optional(in.organisationCode(), "The organisation code", 40), area, park,
                Checks.optional(in.address(), "The address", 200), Checks.optional(in.industry(), "The industry", 60),
                Checks.optional(in.legalRepName(), "The legal representative", 60), rep, headcount,
                Checks.optional(in.safetyContactName(), "The safety contact", 60), safety,
                Checks.optional(in.keyThings(), "The key things", 1000),
                Checks.optional(in.organisationsNote(), "The organisations", 1000));
    }

    private static String phone(String raw, String whose) {
        String p = IdNumbers.normalisePhone(raw);
        if (p != null && !IdNumbers.isValidPhone(p)) {
            throw new InvalidRequestException("The " + whose + " phone is not a mobile or landline number.");
        }
        return p;
    }
}
