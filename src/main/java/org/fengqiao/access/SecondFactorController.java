package org.fengqiao.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The one-time code step of login, and enrolment of an authenticator app. */
@Controller
class SecondFactorController {

    static final String PENDING_SECRET = "fengqiao.totp.pending";

    private final SecondFactor secondFactor;
    private final LoginAttempts attempts;
    private final AuditTrail audit;

    SecondFactorController(SecondFactor secondFactor, LoginAttempts attempts, AuditTrail audit) {
        this.secondFactor = secondFactor;
        this.attempts = attempts;
        this.audit = audit;
    }

    @GetMapping("/login/totp")
    String codeForm(@AuthenticationPrincipal SignedInUser user) {
        return user != null && user.secondFactorPending() ? "access/totp-login" : "redirect:/";
    }

    @PostMapping("/login/totp")
    String code(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) String code,
                HttpServletRequest request, Model model, HttpServletResponse response) {
        if (user == null || !user.secondFactorPending()) {
            return "redirect:/";
        }
        if (secondFactor.check(user.accountId(), code)) {
            attempts.succeeded(user.accountId());
            SignedInUser passed = user.secondFactorPassed();
            SignedInSessions.replace(request, passed);
            audit.recordIndependently(user.username(), "LOGIN_TOTP", "account:" + user.username(), null,
                    AuditTrail.Outcome.SUCCESS);
            return "redirect:" + (passed.mustChangePassword() ? "/account/password" : "/");
        }
        boolean locked = attempts.secondFactorFailed(user.accountId());
        audit.recordIndependently(user.username(), "LOGIN_TOTP", "account:" + user.username(),
                locked ? "wrong code; locked" : "wrong code", AuditTrail.Outcome.FAILURE);
        if (locked) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            return "redirect:/login?error=locked";
        }
        response.setStatus(400);
        model.addAttribute("problem", "totp.wrong");
        return "access/totp-login";
    }

    @GetMapping("/account/totp")
    String enrolment(@AuthenticationPrincipal SignedInUser user, HttpSession session, Model model) {
        boolean enabled = secondFactor.enabled(user.accountId());
        model.addAttribute("enabled", enabled);
        if (!enabled) {
            String secret = (String) session.getAttribute(PENDING_SECRET);
            if (secret == null) {
                secret = Totp.newSecret();
                session.setAttribute(PENDING_SECRET, secret);
            }
            model.addAttribute("secret", secret.replaceAll("(.{4})", "$1 ").strip());
        }
        return "access/totp";
    }

    @GetMapping("/account/totp/qr.png")
    ResponseEntity<byte[]> qr(@AuthenticationPrincipal SignedInUser user, HttpSession session)
            throws WriterException, IOException {
        String secret = (String) session.getAttribute(PENDING_SECRET);
        if (secret == null) {
            return ResponseEntity.notFound().build();
        }
        var matrix = new QRCodeWriter().encode(Totp.otpauthUri("Fengqiao", user.username(), secret),
                BarcodeFormat.QR_CODE, 240, 240, Map.of(EncodeHintType.MARGIN, 1));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        MatrixToImageWriter.writeToStream(matrix, "PNG", png);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(png.toByteArray());
    }

    @PostMapping("/account/totp")
    String enable(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) String code,
                  HttpSession session, Model model, HttpServletResponse response) {
        String secret = (String) session.getAttribute(PENDING_SECRET);
        if (secret == null) {
            return "redirect:/account/totp";
        }
        try {
            secondFactor.enable(user, secret, code);
            session.removeAttribute(PENDING_SECRET);
            return "redirect:/account/totp?enabled";
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            return enrolment(user, session, model);
        }
    }

    @PostMapping("/account/totp/disable")
    String disable(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) String code,
                   HttpSession session, Model model, HttpServletResponse response) {
        try {
            secondFactor.disable(user, code);
            return "redirect:/account/totp?disabled";
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            return enrolment(user, session, model);
        }
    }
}
