package dev.berth.dockerapi.events;

import dev.berth.Berth;
import dev.berth.Event;
import dev.berth.EventQuery;
import dev.berth.EventStream;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.Filters;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.http.Router;
import dev.berth.dockerapi.http.Routes;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /events}: the events of every JVM on the Berth home ({@link Berth#events}), with
 * {@code since}, {@code until} and {@code filters}, streamed as JSON objects one a line until
 * {@code until} passes or the client goes. Without {@code since}, only new events, as dockerd.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/System/operation/SystemEvents">SystemEvents</a>
 */
public final class EventRoutes implements Routes {
    /** How long a wait for the next event lasts before the client's connection is looked at again. */
    private static final Duration WAKE = Duration.ofSeconds(1);

    @Override
    public void register(Router router, Berth berth) {
        router.get("/events", r -> events(r, berth));
    }

    private static ApiResponse events(ApiRequest r, Berth berth) {
        EventQuery query = query(r);
        EventStream stream = berth.events(query);
        return ApiResponse.stream(200, "application/json", out -> send(r, stream, out));
    }

    private static void send(ApiRequest r, EventStream stream, OutputStream out) throws Exception {
        try (stream) {
            r.onClientClose(stream::close);
            out.flush(); // the headers now: clients wait for them before the first event
            while (!stream.ended() && r.clientConnected()) {
                Event e = stream.next(WAKE);
                if (e != null) {
                    out.write(JsonCodec.MAPPER.writeValueAsBytes(EventMessage.of(e)));
                    out.write('\n');
                    out.flush();
                }
            }
        } catch (InterruptedException serverClosing) {
            Thread.currentThread().interrupt(); // the server is closing: the stream just ends
        }
    }

    /** One event as {@code GET /events} sends it (docker's {@code events.Message}). */
    public static Object message(Event e) {
        return EventMessage.of(e);
    }

    /** since, until and filters as an {@link EventQuery}; a bad value is a 400 naming it. */
    static EventQuery query(ApiRequest r) {
        EventQuery q = EventQuery.create();
        var since = r.query("since").filter(s -> !s.isEmpty());
        if (since.isPresent()) {
            q = q.since(time("since", since.get()));
        }
        var until = r.query("until").filter(s -> !s.isEmpty());
        if (until.isPresent()) {
            q = q.until(time("until", until.get()));
        }
        Filters filters = r.filters();
        for (String key : filters.names()) {
            for (String value : filters.values(key)) {
                try {
                    q = q.filter(key, value);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            }
        }
        return q;
    }

    /**
     * Docker's timestamps: Unix seconds with an optional fraction ({@code 1700000000.5}), or
     * RFC 3339. (The CLI turns {@code 10m} and dates into seconds before it asks.)
     */
    static Instant time(String name, String value) {
        try {
            BigDecimal seconds = new BigDecimal(value);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException notANumber) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("invalid value for " + name + ": \"" + value
                        + "\" is neither Unix seconds nor an RFC 3339 time");
            }
        }
    }
}
