package io.veritrace.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.core.LoopPolicy;

/** The runtime's configuration, read from HOCON (application.conf, system properties, env). */
public record Settings(LoopPolicy policy, int poolSize, Config config) {

  public static Settings load() {
    return from(ConfigFactory.load());
  }

  public static Settings from(Config config) {
    Config loop = config.getConfig("veritrace.loop");
    LoopPolicy policy = new LoopPolicy(
        loop.getInt("max-rounds"),
        loop.getDuration("deadline"),
        loop.getDuration("check-timeout"),
        loop.getBoolean("allow-unverified"),
        loop.getBoolean("justify-warnings"));
    int pool = loop.getInt("pool-size");
    return new Settings(policy, pool > 0 ? pool : Math.max(2, Runtime.getRuntime().availableProcessors()), config);
  }
}
