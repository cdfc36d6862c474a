package io.veritrace.runtime.http;

import io.veritrace.actors.Veritrace;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/** The HTTP API bound to a port, on the node's own actor system. */
public final class ChatServer implements AutoCloseable {

  private final ChatApi api;
  private final ServerBinding binding;

  private ChatServer(ChatApi api, ServerBinding binding) {
    this.api = api;
    this.binding = binding;
  }

  public static ChatServer start(Veritrace node, ApiSettings settings) throws Exception {
    ChatApi api = new ChatApi(node, settings);
    ServerBinding binding = Http.get(node.system()).newServerAt(settings.host(), settings.port()).bind(api::apply)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new ChatServer(api, binding);
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  @Override
  public void close() throws Exception {
    api.drain();
    binding.terminate(Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
