package io.backstop.service.ops;

import io.backstop.service.app.RequestLimits;
import io.grpc.netty.NettyServerBuilder;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.server.GrpcServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies the published {@code max_message_bytes} limit to the gRPC server, so the limit clients
 * read from GetModelInfo is the one enforced. The Vert.x server on the shared port otherwise
 * accepts only 256 KiB; a larger message gets RESOURCE_EXHAUSTED before it is parsed.
 */
@ApplicationScoped
public class MessageSizeCustomizer implements ServerBuilderCustomizer<NettyServerBuilder> {

  @Inject RequestLimits limits;

  @Override
  public void customize(GrpcServerConfiguration config, GrpcServerOptions options) {
    options.setMaxMessageSize(limits.maxMessageBytes());
  }
}
