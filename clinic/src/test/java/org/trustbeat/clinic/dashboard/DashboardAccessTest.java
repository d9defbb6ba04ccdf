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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.clinic.RecordedResults;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.protocol.PatientKeys;

/** The dashboard over plain HTTP: what a client that has not logged in gets, and the login. */
class DashboardAccessTest {
  private static TestClinic clinic;
  private static String ref;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void fill() throws Exception {
    clinic = new TestClinic();
    PatientKeys keys = PatientKeys.generate();
    ResultConsumer c = RecordedResults.consumer(keys, "p001", true,
        clinic.ingest.listenerFor("p001"));
    List<String> bodies = RecordedResults.bodies();
    for (int i = 0; i < 12; i++) {
      c.handle(RecordedResults.sealed(keys, "p001", i, bodies.get(i)));
    }
    ref = clinic.store.ref("p001");
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
    return HTTP.send(HttpRequest.newBuilder(URI.create(clinic.url("/login")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unauthenticatedClient_getsNothingButTheLoginForm() throws Exception {
    List<String> secrets = clinic.metricValues();
    secrets = new java.util.ArrayList<>(secrets);
    secrets.add("p001");
    secrets.add(ref);
    for (String path : List.of("/", "/patient/" + ref, "/api/version", "/api/patients",
        "/api/patients/" + ref, "/api/patients/" + ref + "?hours=168", "/assets/list.js",
        "/assets/patient.js", "/assets/chart.umd.min.js", "/no/such/page", "/api/nothing")) {
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
}
