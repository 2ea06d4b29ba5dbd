package org.fengqiao.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Clock, language and web settings shared by every module. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration implements WebMvcConfigurer {

    /** Time is injected so that tests run on a fixed clock; the system clock, shiftable per thread by the demo. */
    @Bean
    Clock clock() {
        return new DemoTime(java.time.ZoneId.systemDefault());
    }

    /** Chinese by default; {@code ?lang=en} switches to English and is remembered in a cookie. */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("FQ_LANG");
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }
}
