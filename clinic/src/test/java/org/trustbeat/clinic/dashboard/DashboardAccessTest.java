package org.trustbeat.clinic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.clinic.RecordedResults;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.report.fhir.FhirExport;

/** The dashboard over plain HTTP: what a client that has not logged in gets, and the login. */
class DashboardAccessTest {
  private static TestClinic clinic;
  private static String ref;

  /** The UTC day of the recorded windows. */
  private static LocalDate day;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void fill() throws Exception {
    clinic = new TestClinic();
    PatientKeys keys = PatientKeys.generate();
    ResultConsumer c =
        RecordedResults.consumer(keys, "p001", true, clinic.ingest.listenerFor("p001"));
    List<String> bodies = RecordedResults.bodies();
    for (int i = 0; i < 12; i++) {
      c.handle(RecordedResults.sealed(keys, "p001", i, bodies.get(i)));
    }
    ref = clinic.store.ref("p001");
    day =
        Instant.ofEpochMilli(
                clinic.store.windows("p001", 0, Long.MAX_VALUE).get(0).windowStartMillis())
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
  }

  @AfterAll
  static void stop() throws Exception {
    clinic.close();
  }

  private static HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(clinic.url(path))).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> login(String password) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(clinic.url("/login")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unauthenticatedClient_getsNothingButTheLoginForm() throws Exception {
    List<String> secrets = clinic.metricValues();
    secrets = new java.util.ArrayList<>(secrets);
    secrets.add("p001");
    secrets.add(ref);
    for (String path :
        List.of(
            "/",
            "/patient/" + ref,
            "/api/version",
            "/api/patients",
            "/api/patients/" + ref,
            "/api/patients/" + ref + "?hours=168",
            "/api/patients/" + ref + "/fhir",
            "/api/patients/" + ref + "/report?day=" + day,
            "/assets/list.js",
            "/assets/patient.js",
            "/assets/chart.umd.min.js",
            "/no/such/page",
            "/api/nothing")) {
      HttpResponse<String> r = get(path, null);
      if (path.startsWith("/api/")) {
        assertEquals(401, r.statusCode(), path);
      } else {
        assertEquals(303, r.statusCode(), path);
        assertEquals("/login", r.headers().firstValue("Location").orElse(""), path);
      }
      for (String s : secrets) {
        assertFalse(r.body().contains(s), path + " served " + s + " to a client not logged in");
      }
    }
    HttpResponse<String> form = get("/login", null);
    assertEquals(200, form.statusCode());
    assertTrue(form.body().contains("type=\"password\""));
    assertFalse(form.body().contains("p001"));
  }

  @Test
  void wrongPassword_isRefused_rightOne_opensTheApi() throws Exception {
    HttpResponse<String> bad = login("not the password");
    assertEquals(303, bad.statusCode());
    assertEquals("/login?failed", bad.headers().firstValue("Location").orElseThrow());
    assertTrue(bad.headers().firstValue("Set-Cookie").isEmpty());

    HttpResponse<String> good = login(TestClinic.PASSWORD);
    assertEquals(303, good.statusCode());
    String setCookie = good.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> patients = get("/api/patients", cookie);
    assertEquals(200, patients.statusCode());
    assertTrue(patients.body().contains("\"patient\":\"p001\""), patients.body());
    assertTrue(patients.body().contains("\"ref\":\"" + ref + "\""));
    assertEquals("no-store", patients.headers().firstValue("Cache-Control").orElseThrow());
    HttpResponse<String> one = get("/api/patients/" + ref + "?hours=6", cookie);
    assertTrue(one.body().contains("\"hardware\":false"), "simulation must not look like hardware");
    assertEquals(404, get("/api/patients/0000", cookie).statusCode());
  }

  private static String loggedIn() throws Exception {
    String setCookie = login(TestClinic.PASSWORD).headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static HttpResponse<byte[]> download(String path, String cookie) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(clinic.url(path))).header("Cookie", cookie).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void fhirDownload_isAnAttachmentBundleOfEveryStoredWindow() throws Exception {
    String cookie = loggedIn();
    HttpResponse<byte[]> r = download("/api/patients/" + ref + "/fhir", cookie);
    assertEquals(200, r.statusCode());
    assertEquals(
        "application/fhir+json",
        r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
    String disposition = r.headers().firstValue("Content-Disposition").orElseThrow();
    assertTrue(disposition.startsWith("attachment; filename=\"trustbeat-" + ref), disposition);
    assertFalse(disposition.contains("p001"), "the file name carries the ref, not the pseudonym");
    Bundle b =
        FhirExport.context()
            .newJsonParser()
            .parseResource(Bundle.class, new String(r.body(), StandardCharsets.UTF_8));
    Set<Long> starts = new TreeSet<>();
    for (Bundle.BundleEntryComponent e : b.getEntry()) {
      if (e.getResource() instanceof Observation o) {
        assertEquals("p001", o.getSubject().getIdentifier().getValue());
        starts.add(o.getEffectivePeriod().getStart().getTime());
      }
    }
    Set<Long> stored = new TreeSet<>();
    clinic.store.windows("p001", 0, Long.MAX_VALUE).forEach(w -> stored.add(w.windowStartMillis()));
    assertEquals(stored, starts);
    assertEquals(404, download("/api/patients/0000/fhir", cookie).statusCode());
  }

  @Test
  void dayReport_isAPdfAttachment_ofADayWithWindows() throws Exception {
    String cookie = loggedIn();
    HttpResponse<byte[]> r = download("/api/patients/" + ref + "/report?day=" + day, cookie);
    assertEquals(200, r.statusCode());
    assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
    assertTrue(
        r.headers()
            .firstValue("Content-Disposition")
            .orElseThrow()
            .equals("attachment; filename=\"trustbeat-" + ref + "-" + day + ".pdf\""));
    assertEquals("%PDF", new String(r.body(), 0, 4, StandardCharsets.US_ASCII));
    // Kept as a test artefact, to look at as a clinician would.
    java.nio.file.Path kept =
        java.nio.file.Path.of("target", "dashboard-downloads", "day-report.pdf");
    java.nio.file.Files.createDirectories(kept.getParent());
    java.nio.file.Files.write(kept, r.body());
    try (PDDocument pdf = Loader.loadPDF(r.body())) {
      assertEquals(1, pdf.getNumberOfPages());
      assertTrue(new PDFTextStripper().getText(pdf).contains("p001"));
    }
    assertEquals(
        404,
        download("/api/patients/" + ref + "/report?day=" + day.minusDays(3), cookie).statusCode());
    assertEquals(
        400, download("/api/patients/" + ref + "/report?day=yesterday", cookie).statusCode());
    assertEquals(400, download("/api/patients/" + ref + "/report", cookie).statusCode());
  }

  @Test
  void downloads_writeNoMetricValueToTheLog() throws Exception {
    String cookie = loggedIn();
    assertEquals(200, download("/api/patients/" + ref + "/fhir", cookie).statusCode());
    assertEquals(200, download("/api/patients/" + ref + "/report?day=" + day, cookie).statusCode());
    List<String> logged = clinic.logged();
    for (String v : clinic.metricValues()) {
      for (String line : logged) {
        assertFalse(line.contains(v), "a metric value in the log: " + line);
      }
    }
  }

  @Test
  void patientPage_linksBothDownloads() throws Exception {
    HttpResponse<String> page = get("/patient/" + ref, loggedIn());
    assertEquals(200, page.statusCode());
    assertTrue(
        page.body().contains("id=\"download-fhir\"")
            && page.body().contains("id=\"download-report\""),
        page.body());
    String js = get("/assets/patient.js", loggedIn()).body();
    assertTrue(
        js.contains("'/fhir'") && js.contains("'/report?day='"), "patient.js sets the links");
  }
}
