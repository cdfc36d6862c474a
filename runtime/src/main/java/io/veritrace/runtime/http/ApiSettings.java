package io.veritrace.runtime.http;

import com.typesafe.config.Config;
import java.util.Set;

/**
 * The HTTP API's configuration ({@code veritrace.http}).
 *
 * @param apiKeys accepted bearer tokens; empty means no key is required
 * @param maxBodyBytes larger request bodies are refused with 413 before they are read whole
 * @param maxMessages requests with more messages are refused with 400
 * @param modelName the model name this server reports and answers as
 */
public record ApiSettings(String host, int port, Set<String> apiKeys, long maxBodyBytes, int maxMessages, String modelName) {

  public ApiSettings {
    apiKeys = Set.copyOf(apiKeys);
    if (port < 0 || port > 65535 || maxBodyBytes < 1 || maxMessages < 1) throw new IllegalArgumentException("HTTP limits out of range");
  }

  public static ApiSettings from(Config config) {
    Config h = config.getConfig("veritrace.http");
    Set<String> keys = ApiKeys.parse("veritrace.http.api-keys (or VERITRACE_API_KEYS)", h.getString("api-keys"));
    return new ApiSettings(h.getString("host"), h.getInt("port"), keys, h.getBytes("max-body"), h.getInt("max-messages"),
        h.getString("model-name"));
  }

  public ApiSettings withPort(int replacement) {
    return new ApiSettings(host, replacement, apiKeys, maxBodyBytes, maxMessages, modelName);
  }

  public ApiSettings withApiKeys(Set<String> replacement) {
    return new ApiSettings(host, port, replacement, maxBodyBytes, maxMessages, modelName);
  }
}
