package org.fengqiao;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Modulithic(sharedModules = "platform")
public class FengqiaoApplication {

    public static void main(String[] args) {
        if (Runtime.version().feature() < 21) {
            System.err.println("Fengqiao needs Java 21 or newer; this is Java " + Runtime.version()
                    + ". Set JAVA_HOME to a JDK 21+ and run again.");
            System.exit(1);
        }
        SpringApplication.run(FengqiaoApplication.class, args);
    }
}
