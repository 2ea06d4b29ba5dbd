package org.fengqiao.open311;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.fengqiao.open311.internal.Wire;
import org.fengqiao.publicchannel.PublicProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Open311 GeoReport v2 at {@code /open311/v2}: {@code {resource}.{xml|json}}. Parameters are read from the query
 * string and from urlencoded or multipart bodies alike, repeated keys included. Errors are Open311 error lists in the
 * requested format (XML when the format cannot be told).
 */
@RestController
class Open311Controller {

    private static final Logger log = LoggerFactory.getLogger(Open311Controller.class);
    static final MediaType XML = new MediaType("text", "xml", StandardCharsets.UTF_8);
    static final MediaType JSON = new MediaType("application", "json", StandardCharsets.UTF_8);

    private final Open311Catalogue services;
    private final Open311Submissions submissions;
    private final Open311Requests requests;
    private final Open311Updates updates;

    Open311Controller(Open311Catalogue services, Open311Submissions submissions, Open311Requests requests,
                      Open311Updates updates) {
        this.services = services;
        this.submissions = submissions;
        this.requests = requests;
        this.updates = updates;
    }

    /** A resource name with its format, e.g. services.json. */
    record Target(String name, String format) {
        static Target of(String file) {
            int dot = file == null ? -1 : file.lastIndexOf('.');
            if (dot <= 0) {
                throw Open311Exception.notFound("resources are addressed as {name}.xml or {name}.json");
            }
            String fmt = file.substring(dot + 1).toLowerCase();
            if (!fmt.equals("xml") && !fmt.equals("json")) {
                throw Open311Exception.notFound("format " + fmt + " is not served; use xml or json");
            }
            return new Target(file.substring(0, dot), fmt);
        }
    }

    @RequestMapping(value = {"/open311/v2/{file}", "/open311/{file}"}, method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> resource(@PathVariable String file, HttpServletRequest request) {
        Target t = Target.of(file);
        boolean post = "POST".equals(request.getMethod());
        boolean v2 = request.getRequestURI().contains("/open311/v2/");
        Open311Form form = form(request);
        switch (t.name()) {
            case "discovery" -> {
                requireGet(post);
                return ok(t, "discovery", discovery());
            }
            case "services" -> {
                requireV2(v2);
                requireGet(post);
                services.checkJurisdiction(form.one("jurisdiction_id"));
                return ok(t, "services", new Wire.Rep("service", services.services()));
            }
            case "requests" -> {
                requireV2(v2);
                if (post) {
                    Open311Submissions.Created c = submissions.create(form, files(request));
                    Map<String, Object> r = c.token() != null ? Wire.obj("token", c.token(), "service_notice",
                            c.serviceNotice(), "account_id", null)
                            : Wire.obj("service_request_id", c.serviceRequestId(), "service_notice",
                            c.serviceNotice(), "account_id", null);
                    return ok(t, "service_requests", new Wire.Rep("request", List.of(r)));
                }
                Open311Requests.Query q = requests.query(form);
                boolean extensions = "true".equalsIgnoreCase(form.one("extensions"));
                List<Map<String, Object>> out = new ArrayList<>();
                for (Long id : requests.find(q)) {
                    requests.progress(id).ifPresent(p -> out.add(requests.request(p, extensions)));
                }
                return ok(t, "service_requests", new Wire.Rep("request", out));
            }
            case "servicerequestupdates" -> {
                requireV2(v2);
                if (post) {
                    String id = updates.postUpdate(form);
                    return ok(t, "service_request_updates", new Wire.Rep("request_update",
                            List.of(Wire.obj("update_id", id))));
                }
                return ok(t, "service_requests_updates", new Wire.Rep("request_update", updates.updates(form)));
            }
            default -> throw Open311Exception.notFound("no resource " + t.name());
        }
    }

    @RequestMapping(value = "/open311/v2/services/{file}", method = RequestMethod.GET)
    ResponseEntity<String> definition(@PathVariable String file, HttpServletRequest request) {
        Target t = Target.of(file);
        services.checkJurisdiction(form(request).one("jurisdiction_id"));
        return ok(t, "service_definition", services.definition(t.name()));
    }

    @RequestMapping(value = "/open311/v2/requests/{file}", method = RequestMethod.GET)
    ResponseEntity<String> one(@PathVariable String file, HttpServletRequest request) {
        Target t = Target.of(file);
        Open311Form form = form(request);
        services.checkJurisdiction(form.one("jurisdiction_id"));
        if (!t.name().matches("\\d{1,18}")) {
            throw Open311Exception.notFound("service_request_id " + t.name() + " not found");
        }
        PublicProgress.Progress p = requests.progress(Long.parseLong(t.name()))
                .orElseThrow(() -> Open311Exception.notFound("service_request_id " + t.name() + " not found"));
        return ok(t, "service_requests", new Wire.Rep("request",
                List.of(requests.request(p, "true".equalsIgnoreCase(form.one("extensions"))))));
    }

    @RequestMapping(value = "/open311/v2/tokens/{file}", method = RequestMethod.GET)
    ResponseEntity<String> token(@PathVariable String file, HttpServletRequest request) {
        Target t = Target.of(file);
        services.checkJurisdiction(form(request).one("jurisdiction_id"));
        return ok(t, "service_requests", new Wire.Rep("request", List.of(submissions.token(t.name()))));
    }

    /** Anything else under /open311 does not exist: a 404 in Open311's error format. */
    @RequestMapping("/open311/**")
    ResponseEntity<String> unknown(HttpServletRequest request) {
        throw Open311Exception.notFound("no resource " + request.getRequestURI());
    }

    private Map<String, Object> discovery() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/open311/v2").build().toUriString();
        String changeset = services.changeset();
        return Wire.obj(
                "changeset", changeset,
                "contact", "Fengqiao governance center, jurisdiction " + services.jurisdictionId(),
                "key_service", "API keys are issued by the system administrator (Fengqiao: Open311 API keys page "
                        + "/admin/open311/keys); ask the county governance center.",
                "endpoints", new Wire.Rep("endpoint", List.of(Wire.obj(
                        "specification", "http://wiki.open311.org/GeoReport_v2",
                        "url", base,
                        "changeset", changeset,
                        "type", "production",
                        "formats", new Wire.Rep("format", List.of("text/xml", "application/json"))))));
    }

    private static void requireGet(boolean post) {
        if (post) {
            throw Open311Exception.badRequest("this resource is read with GET");
        }
    }

    private static void requireV2(boolean v2) {
        if (!v2) {
            throw Open311Exception.notFound("resources live under /open311/v2");
        }
    }

    /** The files of a multipart body, whatever their part names (FixMyStreet sends "media"). */
    static List<byte[]> files(HttpServletRequest request) {
        List<byte[]> out = new ArrayList<>();
        var m = org.springframework.web.util.WebUtils.getNativeRequest(request,
                org.springframework.web.multipart.MultipartHttpServletRequest.class);
        if (m != null) {
            for (List<org.springframework.web.multipart.MultipartFile> files : m.getMultiFileMap().values()) {
                for (org.springframework.web.multipart.MultipartFile f : files) {
                    if (!f.isEmpty()) {
                        try {
                            out.add(f.getBytes());
                        } catch (java.io.IOException e) {
                            throw Open311Exception.badRequest("an uploaded file cannot be read");
                        }
                    }
                }
            }
        }
        return out;
    }

    static Open311Form form(HttpServletRequest request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, List.of(v)));
        return new Open311Form(params);
    }

    static ResponseEntity<String> ok(Target t, String root, Object value) {
        return respond(HttpStatus.OK, t.format(), root, value);
    }

    static ResponseEntity<String> respond(HttpStatus status, String format, String root, Object value) {
        boolean json = "json".equals(format);
        return ResponseEntity.status(status).contentType(json ? JSON : XML)
                .body(json ? Wire.json(value) : Wire.xml(root, value));
    }

    @ExceptionHandler(Open311Exception.class)
    ResponseEntity<String> error(Open311Exception e, HttpServletRequest request) {
        return errors(HttpStatus.valueOf(e.status), e.descriptions, request);
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<String> multipart(Exception e, HttpServletRequest request) {
        return errors(HttpStatus.BAD_REQUEST, List.of("the multipart body cannot be read or is too large"), request);
    }

    @ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(Exception e, HttpServletRequest request) {
        return errors(HttpStatus.BAD_REQUEST, List.of("method " + request.getMethod() + " is not supported here"),
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> failure(Exception e, HttpServletRequest request) {
        log.warn("Open311 request {} failed", request.getRequestURI(), e);
        return errors(HttpStatus.BAD_REQUEST, List.of("the request could not be processed: back-end failure"),
                request);
    }

    static ResponseEntity<String> errors(HttpStatus status, List<String> descriptions, HttpServletRequest request) {
        String uri = request.getRequestURI();
        String format = uri.endsWith(".json") ? "json" : "xml";
        List<Map<String, Object>> list = descriptions.stream()
                .map(d -> Wire.obj("code", status.value(), "description", d)).toList();
        return respond(status, format, "errors", new Wire.Rep("error", list));
    }
}
