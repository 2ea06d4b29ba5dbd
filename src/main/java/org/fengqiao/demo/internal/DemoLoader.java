package org.fengqiao.demo.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.platform.DatabaseMode;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.platform.StartupProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo county after the migrations ran: with {@code fengqiao.demo.load=auto} (the default) into an
 * empty embedded database, with {@code always} into any database that does not have it yet, never with
 * {@code never}. With {@code fengqiao.demo.generate-counties=N} it instead loads N counties (鹤山 and N-1 shifted
 * copies) for benchmarks, prints one summary line and exits. Once the web server is up it prints the address and
 * the demo accounts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class DemoLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private final FengqiaoProperties properties;
    private final DatabaseMode databaseMode;
    private final JdbcTemplate jdbc;
    private final CountyWriter writer;
    private final PasswordEncoder encoder;
    private final TransactionTemplate tx;
    private final Environment environment;
    private final ConfigurableApplicationContext context;
    private final HistoryGenerator history;
    private final ScaleCases scaleCases;
    private final RegistryDemo registry;
    private final MediationDemo mediation;
    private final TodaysWork todaysWork;

    DemoLoader(FengqiaoProperties properties, DatabaseMode databaseMode, JdbcTemplate jdbc, CountyWriter writer,
               PasswordEncoder encoder, PlatformTransactionManager transactions, Environment environment,
               ConfigurableApplicationContext context, HistoryGenerator history,
               RegistryDemo registry, MediationDemo mediation, ScaleCases scaleCases,
               TodaysWork todaysWork) {
        this.scaleCases = scaleCases;
        this.properties = properties;
        this.databaseMode = databaseMode;
        this.jdbc = jdbc;
        this.writer = writer;
        this.encoder = encoder;
        this.tx = new TransactionTemplate(transactions);
        this.environment = environment;
        this.context = context;
        this.history = history;
        this.registry = registry;
        this.mediation = mediation;
        this.todaysWork = todaysWork;
    }

    /** What a scale run did. */
    public record Summary(int counties, int skipped, CountyWriter.Written written, long millis) {
        public String line() {
            return String.format(Locale.ROOT,
                    "Generated %d counties (%d already present, skipped): %d areas, %d organisations, %d persons,"
                            + " %d role assignments, %d overlay links, %d accounts in %.1f s",
                    counties, skipped, written.areas(), written.organisations(), written.persons(), written.roles(),
                    written.coverage(), written.accounts(), millis / 1000.0);
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        int counties = environment.getProperty("fengqiao.demo.generate-counties", Integer.class, 0);
        if (counties > 0) {
            Summary summary = generateCounties(counties);
            System.out.println(summary.line());
            long cases = environment.getProperty("fengqiao.demo.generate-cases", Long.class, 0L);
            if (cases > 0) {
                System.out.println(scaleCases.generate(cases,
                        environment.getProperty("fengqiao.demo.case-years", Integer.class, 5)).line());
            }
            System.exit(SpringApplication.exit(context, () -> 0));
            return;
        }
        if (decide(properties.demo().load(), databaseMode.embedded(), areaCount() == 0, countyPresent(0))) {
            loadDemoCounty();
            mediation.write(DemoAccounts.COUNTY_CODE, properties.demo().seed());
            if (environment.getProperty("fengqiao.demo.history", Boolean.class, true)) {
                try {
                    history.generate(DemoAccounts.COUNTY_CODE, properties.demo().seed(), HISTORY_REPORTS,
                            HISTORY_DAYS);
                    mediation.history(DemoAccounts.COUNTY_CODE, properties.demo().seed());
                    // and something waiting for each demo account on its workbench
                    todaysWork.write();
                } catch (RuntimeException e) {
                    // the county is there; a history cut short still leaves a working (if quieter) demo
                    log.warn("The demo history stopped early: {}", e.toString());
                }
            }
        }
    }

    /** The demo history: about this many reports (a few duplicates come on top) over this many days. */
    static final int HISTORY_REPORTS = 480;
    static final int HISTORY_DAYS = 90;

    /**
     * Whether to load the demo county: {@code always} when it is not there yet, {@code auto} only into an empty
     * embedded database, {@code never} not at all.
     */
    static boolean decide(String load, boolean embedded, boolean areaTableEmpty, boolean countyPresent) {
        String mode = load == null ? "auto" : load.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "always", "true" -> !countyPresent;
            case "auto", "" -> embedded && areaTableEmpty && !countyPresent;
            case "never", "false", "off" -> false;
            default -> throw new StartupProblem("fengqiao.demo.load must be auto, always or never, not '" + load
                    + "'");
        };
    }

    /** Loads the demo county with its demo accounts in one transaction. */
    public CountyWriter.Written loadDemoCounty() {
        long started = System.nanoTime();
        DemoCounty county = new CountyGenerator(properties.demo().seed()).generate();
        long generated = System.nanoTime();
        String passwordHash = encoder.encode(DemoAccounts.PASSWORD);
        long[] registryStart = new long[1];
        Object[] both = tx.execute(s -> {
            CountyWriter.Written w = writer.write(withoutTakenUsernames(county), passwordHash);
            registryStart[0] = System.nanoTime();
            // the registry's households and residents of the same county, in the same transaction
            return new Object[] {w, registry.write(county, DemoAccounts.GRID_B_CODE, DemoAccounts.GRID_A_CODE,
                    properties.demo().seed(), passwordHash)};
        });
        CountyWriter.Written written = (CountyWriter.Written) both[0];
        RegistryDemo.Written reg = (RegistryDemo.Written) both[1];
        long written0 = registryStart[0];
        long done = System.nanoTime();
        log.info("Loaded the demo registry: {}, {} building leaders, {} enterprises, places and boats in {} ms",
                reg.registry(), reg.buildingLeaders(), reg.enterprisesPlacesBoats(), (done - written0) / 1_000_000);
        log.info("Loaded the demo county {} ({}): {} areas, {} organisations, {} persons, {} role assignments,"
                        + " {} accounts in {} ms (generate {} ms, write {} ms)", county.name(), county.code(),
                written.areas(), written.organisations(), written.persons(), written.roles(), written.accounts(),
                (done - started) / 1_000_000, (generated - started) / 1_000_000, (done - generated) / 1_000_000);
        return written;
    }

    /** Loads counties 0..n-1 that are not present yet, each in its own transaction. */
    public Summary generateCounties(int n) {
        long started = System.nanoTime();
        CountyGenerator generator = new CountyGenerator(properties.demo().seed());
        DemoCounty base = generator.generate();
        CountyWriter.Written total = new CountyWriter.Written(0, 0, 0, 0, 0, 0);
        int skipped = 0;
        for (int i = 0; i < n; i++) {
            if (countyPresent(i)) {
                skipped++;
                continue;
            }
            DemoCounty county = i == 0 ? withoutTakenUsernames(base) : generator.copy(base, i);
            String hash = county.accounts().isEmpty() ? null : encoder.encode(DemoAccounts.PASSWORD);
            total = total.plus(tx.execute(s -> writer.write(county, hash)));
            if ((i + 1) % 10 == 0) {
                log.info("{} of {} counties written", i + 1, n);
            }
        }
        return new Summary(n, skipped, total, (System.nanoTime() - started) / 1_000_000);
    }

    /** Leaves out demo accounts whose username is already taken (e.g. by an administrator's own account). */
    private DemoCounty withoutTakenUsernames(DemoCounty county) {
        Set<String> taken = new HashSet<>(jdbc.queryForList("select username from account", String.class));
        List<DemoCounty.AccountRow> accounts = new ArrayList<>();
        for (DemoCounty.AccountRow a : county.accounts()) {
            if (taken.contains(a.username())) {
                log.warn("Demo account {} not created: the username is taken", a.username());
            } else {
                accounts.add(a);
            }
        }
        return new DemoCounty(county.code(), county.name(), county.areas(), county.orgs(), county.persons(),
                county.roles(), county.coverage(), List.copyOf(accounts));
    }

    private int areaCount() {
        Integer n = jdbc.queryForObject("select count(*) from area", Integer.class);
        return n == null ? 0 : n;
    }

    private boolean countyPresent(int index) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from area where code = ?)",
                Boolean.class, CountyGenerator.countyCode(index)));
    }

    /** Prints where the platform listens and, when the demo accounts still have the demo password, them. */
    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return;
        }
        List<String> hashes = jdbc.queryForList(
                "select password_hash from account where username = ? and enabled", String.class,
                DemoAccounts.ALL.getFirst().username());
        boolean demo = !hashes.isEmpty() && encoder.matches(DemoAccounts.PASSWORD, hashes.getFirst());
        System.out.println(banner(port, demo));
    }

    static String banner(String port, boolean demoAccounts) {
        String rule = "=".repeat(100);
        StringBuilder sb = new StringBuilder("\n").append(rule).append('\n');
        sb.append("  Fengqiao 枫桥 is running:  http://localhost:").append(port).append("/\n");
        if (demoAccounts) {
            sb.append("  Demo county 演示县: 鹤山市 (440784).  Demo accounts 演示账号 — password 密码:  ")
                    .append(DemoAccounts.PASSWORD).append('\n');
            for (DemoAccounts.DemoAccount a : DemoAccounts.ALL) {
                sb.append(String.format(Locale.ROOT, "    %-18s %-19s %-16s %s / %s%n", a.username(), a.role(),
                        a.scopeCode(), a.descriptionZh(), a.descriptionEn()));
            }
            sb.append("  Demo accounts keep this password; real accounts must change their initial password.\n");
        }
        return sb.append(rule).toString();
    }
}
