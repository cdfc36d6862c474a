package io.veritrace.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Test configuration: every message is serialized (CBOR), so a non-serialisable one fails here. */
public final class TestNodes {
  private TestNodes() {}

  public static Config config() {
    return ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        pekko.actor.serialize-creators = off
        pekko.loglevel = WARNING
        """).withFallback(ConfigFactory.load());
  }
}
