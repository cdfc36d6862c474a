package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One strict parser for every source of API keys (issue 16: an empty entry once let requests without a key in). */
class ApiKeysTest {

  @Test
  void emptyEntriesAreRejectedNamingTheSource() {
    for (String list : List.of("k1,,k2", ",k1", "k1,", "k1, ,k2", ",")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("--api-keys-env MYKEYS", list), list);
      assertTrue(e.getMessage().startsWith("--api-keys-env MYKEYS: API key ") && e.getMessage().contains("is empty"), e.getMessage());
    }
  }

  @Test
  void duplicatesAreToleratedAndBlankMeansNoKey() {
    assertEquals(Set.of("k1", "k2"), ApiKeys.parse("x", " k1 , k2,k1"));
    assertEquals(Set.of(), ApiKeys.parse("x", ""));
    assertEquals(Set.of(), ApiKeys.parse("x", "   "));
  }

  @Test
  void keysABearerHeaderCannotCarryAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("x", "good,with space"));
    assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("x", "clé"));
  }

  @Test
  void theConfigPathUsesTheSameParser() {
    var config = ConfigFactory.parseString("veritrace.http.api-keys = \"k1,,k2\"").withFallback(ConfigFactory.load()).resolve();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(config));
    assertTrue(e.getMessage().contains("veritrace.http.api-keys"), e.getMessage());
  }

  @Test
  void onlyAConfiguredKeyIsAccepted() {
    Set<String> keys = ApiKeys.parse("x", "alpha,beta");
    assertTrue(ApiKeys.accepts(keys, "alpha"));
    assertTrue(ApiKeys.accepts(keys, "beta"));
    assertFalse(ApiKeys.accepts(keys, ""));
    assertFalse(ApiKeys.accepts(keys, null));
    assertFalse(ApiKeys.accepts(keys, "alph"));
    assertFalse(ApiKeys.accepts(keys, "alphaa"));
  }

  @Test
  void loopbackIsToldFromEverythingElse() {
    assertFalse(ApiKeys.beyondLoopback("127.0.0.1"));
    assertFalse(ApiKeys.beyondLoopback("localhost"));
    assertFalse(ApiKeys.beyondLoopback("::1"));
    assertTrue(ApiKeys.beyondLoopback("0.0.0.0"));
    assertTrue(ApiKeys.beyondLoopback("10.1.2.3"));
  }
}
