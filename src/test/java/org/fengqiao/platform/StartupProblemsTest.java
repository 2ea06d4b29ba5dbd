package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fengqiao.FengqiaoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A port or data folder that cannot be used is reported in one clear line, and the platform does not start. */
@ExtendWith(OutputCaptureExtension.class)
class StartupProblemsTest {

    @Test
    void anUnwritableDataFolderIsReportedInOneLine(@TempDir Path tmp, CapturedOutput output) throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> start("--fengqiao.data-dir=" + file, "--server.port=0"))
                .isInstanceOf(Exception.class);
        assertThat(output.getErr()).containsPattern("Fengqiao cannot start: The data folder .*not-a-folder.*"
                + "cannot be created or written.*FENGQIAO_DATA_DIR");
        assertThat(output.getAll()).doesNotContain("\tat org.");
    }

    @Test
    void aPortInUseIsReportedInOneLine(@TempDir Path tmp, CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> start("--fengqiao.data-dir=" + tmp, "--fengqiao.demo.load=never",
                    "--server.port=" + taken.getLocalPort())).isInstanceOf(Exception.class);
            assertThat(output.getErr()).containsPattern(
                    "Fengqiao cannot start: .*Port " + taken.getLocalPort() + " was already in use");
        }
    }

    @Test
    void aSecondPlatformOnTheSameDataFolderIsRefusedInOneLine(@TempDir Path tmp, CapturedOutput output) {
        try (ConfigurableApplicationContext first = start("--fengqiao.data-dir=" + tmp,
                "--fengqiao.demo.load=never", "--server.port=0")) {
            assertThatThrownBy(() -> start("--fengqiao.data-dir=" + tmp, "--fengqiao.demo.load=never",
                    "--server.port=0")).isInstanceOf(Exception.class);
            assertThat(output.getErr()).containsPattern(
                    "Fengqiao cannot start: The data folder .* is in use by another running Fengqiao");
            assertThat(first.isActive()).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(FengqiaoApplication.class);
        return app.run(args);
    }
}
