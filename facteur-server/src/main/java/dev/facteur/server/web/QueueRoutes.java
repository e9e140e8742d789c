package dev.facteur.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facteur.smtp.outbound.QueueAdmin;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue over the HTTP admin API, the same operations as {@code facteur queue}:
 * <pre>
 * GET    /admin/queue[?limit=N]        list (oldest first) and the queue size
 * GET    /admin/queue/{id}             show: recipients with their state, the header section
 * POST   /admin/queue/{id}/retry       make due now (releases a hold)
 * POST   /admin/queue/{id}/hold        keep without delivering
 * POST   /admin/queue/{id}/release     deliver again
 * DELETE /admin/queue/{id}             remove without notice to the sender
 * </pre>
 * Every request needs {@code Authorization: Bearer <token>} (RFC 6750 §2.1) with the token from
 * {@code [http] admin_token_file}, compared in constant time; without a configured token the API
 * answers 404. Answers are JSON; errors are {@code {"error": "..."}} and never carry exception text.
 */
public final class QueueRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(QueueRoutes.class);
    private static final String PREFIX = "/admin/queue";
    private static final int MAX_LIMIT = 10_000;

    private final QueueAdmin admin;
    private final Optional<byte[]> tokenDigest;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** @param token the admin bearer token; empty disables the API (every route answers 404) */
    public QueueRoutes(QueueAdmin admin, Optional<byte[]> token) {
        this.admin = admin;
        this.tokenDigest = token.map(QueueRoutes::sha256);
    }

    public void register(HttpRouting.Builder routing) {
        routing.get(PREFIX, guarded(this::list))
                .get(PREFIX + "/{id}", guarded(this::show))
                .post(PREFIX + "/{id}/retry", guarded(action(QueueAdmin::retry, "retried")))
                .post(PREFIX + "/{id}/hold", guarded(action(QueueAdmin::hold, "held")))
                .post(PREFIX + "/{id}/release", guarded(action(QueueAdmin::release, "released")))
                .delete(PREFIX + "/{id}", guarded(action(QueueAdmin::delete, "deleted")));
    }

    private interface Route {
        Reply handle(ServerRequest req);
    }

    private record Reply(int status, Object body) {}

    private interface Action {
        boolean apply(QueueAdmin admin, long id);
    }

    /** Checks the bearer token, runs the route, and writes its JSON; a failure is a 500 without details. */
    private Handler guarded(Route route) {
        return (req, res) -> {
            Reply reply;
            if (tokenDigest.isEmpty()) {
                reply = error(404, "the admin API is disabled: set [http] admin_token_file in the configuration");
            } else if (!authorised(req)) {
                // RFC 6750 §3: a missing or wrong token gets 401 with a Bearer challenge.
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"facteur-admin\"");
                reply = error(401, "a valid admin bearer token is required");
            } else {
                try {
                    reply = route.handle(req);
                } catch (RuntimeException e) {
                    LOG.atError().setCause(e).addKeyValue("path", req.path().path()).log("admin queue request failed");
                    reply = error(500, "internal error");
                }
            }
            send(res, reply);
        };
    }

    private boolean authorised(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
        if (header.isEmpty() || header.get().length() < 7 || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = sha256(header.get().substring(7).strip().getBytes(StandardCharsets.UTF_8));
        // Digests of equal length, compared in constant time: neither content nor length leaks.
        return MessageDigest.isEqual(given, tokenDigest.orElseThrow());
    }

    private Reply list(ServerRequest req) {
        Optional<String> limitText = req.query().first("limit").asOptional();
        int limit = 100;
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return error(400, "limit must be a number from 1 to " + MAX_LIMIT);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", admin.size());
        body.put("messages", admin.list(limit));
        return new Reply(200, body);
    }

    private Reply show(ServerRequest req) {
        Optional<Long> id = id(req);
        if (id.isEmpty()) {
            return error(400, "the message id must be a number");
        }
        return admin.show(id.get()).map(d -> new Reply(200, d))
                .orElseGet(() -> error(404, "no queued message " + id.get()));
    }

    private Route action(Action action, String done) {
        return req -> {
            Optional<Long> id = id(req);
            if (id.isEmpty()) {
                return error(400, "the message id must be a number");
            }
            if (!action.apply(admin, id.get())) {
                return error(404, "no queued message " + id.get());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id.get());
            body.put("result", done);
            return new Reply(200, body);
        };
    }

    private static Optional<Long> id(ServerRequest req) {
        String text = req.path().pathParameters().get("id");
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private static Reply error(int status, String message) {
        return new Reply(status, Map.of("error", message));
    }

    private void send(ServerResponse res, Reply reply) {
        String body;
        int status = reply.status();
        try {
            body = json.writeValueAsString(reply.body());
        } catch (JsonProcessingException e) {
            LOG.atError().setCause(e).log("admin queue answer could not be written as JSON");
            body = "{\"error\":\"internal error\"}";
            status = 500;
        }
        res.status(Status.create(status)).header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CACHE_CONTROL, "no-store").send(body + "\n");
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
