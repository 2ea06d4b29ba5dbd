package org.fengqiao.platform;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How long a browser may keep static files. Pages link them under content-hashed URLs ({@code app-<md5>.css}, from
 * the resource chain's content version strategy): such a URL names exactly one content forever, so it is kept a
 * year without asking again ({@code immutable}). The same file under its plain name (a script that builds a URL,
 * Leaflet's icons) may change with the next release: the browser revalidates it ({@code no-cache}, answered 304 when
 * unchanged). Errors are not kept at all. Pages themselves keep Spring Security's {@code no-store}.
 */
@Component
class AssetCaching extends OncePerRequestFilter {

    static final String YEAR = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** The content strategy's version: the file name ends in a dash and the 32 hex digits of its MD5. */
    static final Pattern VERSIONED = Pattern.compile("-[0-9a-f]{32}\\.[A-Za-z0-9]+$");
    static final String[] ASSET_PATHS = {"/css/", "/js/", "/img/", "/webjars/"};

    static boolean isAsset(String path) {
        for (String prefix : ASSET_PATHS) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isAsset(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader(HttpHeaders.CACHE_CONTROL, VERSIONED.matcher(path).find() ? YEAR : REVALIDATE);
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int sc) {
                if (sc >= 400) {
                    setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                }
                super.setStatus(sc);
            }

            @Override
            public void sendError(int sc) throws IOException {
                setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                super.sendError(sc);
            }

            @Override
            public void sendError(int sc, String msg) throws IOException {
                setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                super.sendError(sc, msg);
            }
        });
    }
}
