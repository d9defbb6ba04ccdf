package org.trustbeat.clinic.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.trustbeat.clinic.ClinicIngest;
import org.trustbeat.clinic.ResultStore;

/**
 * The clinician's dashboard: a patient list with each patient's latest window, quality, mode and
 * open alerts, and a page per patient with HR, SDNN, RMSSD and LF/HF trends, poor and missing
 * windows marked and the mode label on top. Pages poll {@code /api/version} and refresh when the
 * store changed. Served by Javalin (Jetty) on a loopback address.
 *
 * <h2>Security guarantees</h2>
 *
 * Every path except the login form and its style sheet needs a logged-in session: {@code /api/}
 * answers 401, pages redirect to the login. The password is checked against a salted PBKDF2 hash,
 * at most five failures a minute. The session token is a random 256-bit value in an HttpOnly,
 * SameSite=Strict cookie. URLs carry opaque patient refs only; responses are not cached and script
 * runs only from the dashboard's own files (Content-Security-Policy). Nothing is logged per
 * request; log lines carry counts and the port, never patient data.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DashboardServer.class.getName());
  static final String COOKIE = "tb_session";
  private static final String WEB = "/org/trustbeat/clinic/web/";
  private static final Map<String, String> ASSETS =
      Map.of(
          "app.css", "text/css; charset=utf-8",
          "list.js", "text/javascript; charset=utf-8",
          "patient.js", "text/javascript; charset=utf-8",
          "common.js", "text/javascript; charset=utf-8",
          "chart.umd.min.js", "text/javascript; charset=utf-8");

  private final Javalin app;
  private final ScheduledExecutorService silenceChecks;

  private DashboardServer(Javalin app, ScheduledExecutorService silenceChecks) {
    this.app = app;
    this.silenceChecks = silenceChecks;
  }

  /**
   * Starts the dashboard on {@code config}'s address and port. When {@code ingest} is not null, its
   * silence check runs every {@code silenceCheckEvery}, so a silent sensor raises its alert even
   * when no result arrives to trigger the rules.
   */
  public static DashboardServer start(
      ResultStore store, DashboardConfig config, ClinicIngest ingest, Duration silenceCheckEvery) {
    // Sessions expire by the wall clock, whatever clock the ingest judges silence by.
    Sessions sessions = new Sessions(config.session(), Clock.systemUTC());
    DashboardApi api = new DashboardApi(store);
    Map<String, byte[]> files = new HashMap<>();
    for (String f : new String[] {"login.html", "index.html", "patient.html"}) {
      files.put(f, resource(f));
    }
    ASSETS
        .keySet()
        .forEach(
            f ->
                files.put(
                    f,
                    resource(f.equals("chart.umd.min.js") ? "vendor/chart-4.6.1.umd.min.js" : f)));

    Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
    app.before(ctx -> guard(ctx, sessions));
    app.get("/login", ctx -> html(ctx, files.get("login.html")));
    app.post("/login", ctx -> login(ctx, sessions, config.passwordHash()));
    app.post(
        "/logout",
        ctx -> {
          sessions.close(ctx.cookie(COOKIE));
          ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
          ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
    app.get("/", ctx -> html(ctx, files.get("index.html")));
    app.get("/patient/{ref}", ctx -> html(ctx, files.get("patient.html")));
    app.get(
        "/assets/{name}",
        ctx -> {
          String name = ctx.pathParam("name");
          if (!ASSETS.containsKey(name)) {
            ctx.status(HttpStatus.NOT_FOUND).result("not found");
            return;
          }
          ctx.contentType(ASSETS.get(name)).result(files.get(name));
        });
    app.get("/api/version", ctx -> json(ctx, api.version()));
    app.get("/api/patients", ctx -> json(ctx, api.patients()));
    app.get(
        "/api/patients/{ref}",
        ctx -> {
          Optional<String> body = api.patient(ctx.pathParam("ref"), ctx.queryParam("hours"));
          if (body.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND)
                .contentType("application/json")
                .result("{\"error\":\"no such patient\"}");
          } else {
            json(ctx, body.get());
          }
        });
    PatientDocuments documents = new PatientDocuments(store, Clock.systemUTC());
    app.get(
        "/api/patients/{ref}/fhir",
        ctx -> {
          String ref = ctx.pathParam("ref");
          Optional<String> patient = store.patientForRef(ref);
          byte[] body = patient.isEmpty() ? null : documents.fhir(patient.get());
          download(ctx, body, "application/fhir+json", "trustbeat-" + ref + ".fhir.json");
        });
    app.get(
        "/api/patients/{ref}/report",
        ctx -> {
          String ref = ctx.pathParam("ref");
          LocalDate day;
          try {
            day = LocalDate.parse(String.valueOf(ctx.queryParam("day")));
          } catch (DateTimeParseException e) {
            ctx.status(HttpStatus.BAD_REQUEST)
                .contentType("application/json")
                .result("{\"error\":\"day must be a UTC date, YYYY-MM-DD\"}");
            return;
          }
          Optional<String> patient = store.patientForRef(ref);
          byte[] body = patient.isEmpty() ? null : documents.dayReport(patient.get(), day);
          download(ctx, body, "application/pdf", "trustbeat-" + ref + "-" + day + ".pdf");
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          // The message may name a patient or a value: log its class only, answer plainly.
          LOG.warning("dashboard request failed: " + e.getClass().getSimpleName());
          ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).result("internal error");
        });
    app.start(config.bind().getHostAddress(), config.port());

    ScheduledExecutorService checks = null;
    if (ingest != null) {
      checks =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "dashboard-silence-check");
                t.setDaemon(true);
                return t;
              });
      long every = silenceCheckEvery.toMillis();
      checks.scheduleWithFixedDelay(ingest::checkSilence, every, every, TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "dashboard listening on http://" + config.bind().getHostAddress() + ":" + app.port() + "/");
    return new DashboardServer(app, checks);
  }

  /** An attachment named by the opaque ref (never the pseudonym), or 404 when there is none. */
  private static void download(Context ctx, byte[] body, String type, String fileName) {
    if (body == null) {
      ctx.status(HttpStatus.NOT_FOUND)
          .contentType("application/json")
          .result("{\"error\":\"no such patient or no window\"}");
      return;
    }
    ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    ctx.contentType(type).result(body);
  }

  private static void guard(Context ctx, Sessions sessions) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self';"
            + " style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    String path = ctx.path();
    if (path.equals("/login")
        || path.equals("/assets/app.css")
        || sessions.valid(ctx.cookie(COOKIE))) {
      return;
    }
    if (path.startsWith("/api/")) {
      ctx.status(HttpStatus.UNAUTHORIZED)
          .contentType("application/json")
          .result("{\"error\":\"login required\"}");
    } else {
      ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }
    ctx.skipRemainingHandlers();
  }

  private static void login(Context ctx, Sessions sessions, PasswordHash hash) {
    String password = ctx.formParam("password");
    if (!sessions.mayTry()) {
      ctx.redirect("/login?wait", HttpStatus.SEE_OTHER);
      return;
    }
    if (password == null || !hash.matches(password.toCharArray())) {
      sessions.failed();
      LOG.warning("dashboard: a login failed");
      ctx.redirect("/login?failed", HttpStatus.SEE_OTHER);
      return;
    }
    String token = sessions.open();
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "="
            + token
            + "; Path=/; Max-Age="
            + sessions.lifetimeSeconds()
            + "; HttpOnly; SameSite=Strict");
    LOG.info("dashboard: a clinician logged in");
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private static void html(Context ctx, byte[] page) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private static void json(Context ctx, String body) {
    ctx.contentType("application/json").result(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardServer.class.getResourceAsStream(WEB + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on (the chosen one when the configuration said 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (silenceChecks != null) {
      silenceChecks.shutdownNow();
    }
    app.stop();
  }
}
