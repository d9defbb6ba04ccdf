package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MqttLoginsTest {
  @Test
  void patientLogins_areRolePrefixed_soNoPseudonymCanMakeTwoLoginsCollide() {
    assertEquals("gateway-p1", MqttLogins.gateway("p1"));
    assertEquals("consumer-p1", MqttLogins.consumer("p1"));
    // A patient whose pseudonym looks like another's login still gets logins of its own.
    assertNotEquals(MqttLogins.consumer("p1"), MqttLogins.gateway("consumer-p1"));
    assertNotEquals(MqttLogins.gateway("p1"), MqttLogins.consumer("gateway-p1"));
    assertThrows(IllegalArgumentException.class, () -> MqttLogins.gateway("a/b"));
  }

  /** A server login named like a patient's would let the host take over that patient's session. */
  @Test
  void serverLoginNamedLikeAPatientLogin_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedBroker.builder().addServerUser("consumer-p1", new byte[] {1}));
    assertTrue(e.getMessage().contains("consumer-"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> MosquittoConfiguration.builder().addServerUser("gateway-p1", new byte[] {1}));
    assertEquals(MqttLogins.INGEST, MqttLogins.checkServerLogin(MqttLogins.INGEST));
  }

  @Test
  void permissions_confineEachLoginToItsPatientAndRole() {
    BrokerUsers users = new BrokerUsers();
    users.addGateway("p1");
    users.addConsumer("p1");
    users.addServer(MqttLogins.INGEST);
    BrokerUsers.Grant gw = users.grant("gateway-p1").orElseThrow();
    BrokerUsers.Grant consumer = users.grant("consumer-p1").orElseThrow();
    BrokerUsers.Grant server = users.grant(MqttLogins.INGEST).orElseThrow();
    assertTrue(gw.mayWrite(Topics.chunks("p1")));
    assertFalse(gw.mayWrite(Topics.chunks("p2")));
    assertFalse(gw.mayRead(Topics.results("p1")));
    assertTrue(consumer.mayRead(Topics.results("p1")));
    assertFalse(consumer.mayRead(Topics.results("p2")));
    assertFalse(consumer.mayRead(Topics.ALL_RESULTS));
    assertFalse(consumer.mayRead("#"));
    assertFalse(consumer.mayWrite(Topics.results("p1")));
    assertTrue(server.mayRead(Topics.ALL_CHUNKS));
    assertFalse(server.mayRead(Topics.ALL_RESULTS));
    assertTrue(server.mayWrite(Topics.results("p2")));
    assertFalse(server.mayWrite(Topics.chunks("p2")));
    assertTrue(users.grant("nobody").isEmpty());
    String acl = users.mosquittoAcl();
    assertTrue(acl.contains("user gateway-p1\ntopic write trustbeat/v1/p1/chunks\n"), acl);
    assertTrue(acl.contains("user consumer-p1\ntopic read trustbeat/v1/p1/results\n"), acl);
    assertFalse(acl.contains("pattern"), "no pattern grants anything to a login not listed");
  }
}
