package io.backstop.service.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * TLS with client certificates on the shared port, configured only through the Quarkus TLS registry
 * as docs/operations-tls.md describes: a client presenting a trusted certificate is served; a
 * client without one, or speaking plaintext, is not.
 */
@QuarkusTest
@TestProfile(MutualTlsTest.MutualTls.class)
class MutualTlsTest {

  public static class MutualTls implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Path dir = TestCertificates.ensure().toAbsolutePath();
      return Map.of(
          "quarkus.tls.backstop.key-store.p12.path", dir.resolve("server.p12").toString(),
          "quarkus.tls.backstop.key-store.p12.password", TestCertificates.PASSWORD,
          "quarkus.tls.backstop.trust-store.pem.certs", dir.resolve("client.crt").toString(),
          "quarkus.http.tls-configuration-name", "backstop",
          "quarkus.http.ssl.client-auth", "required",
          "quarkus.http.insecure-requests", "disabled",
          "quarkus.http.test-ssl-port", "0");
    }
  }

  private static int sslPort() {
    return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
  }

  private static ManagedChannel channel(boolean withClientCertificate) throws Exception {
    Path dir = TestCertificates.DIR;
    SslContextBuilder ssl =
        GrpcSslContexts.forClient().trustManager(dir.resolve("server.crt").toFile());
    if (withClientCertificate) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
        store.load(in, TestCertificates.PASSWORD.toCharArray());
      }
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, TestCertificates.PASSWORD.toCharArray());
      ssl.keyManager(keys);
    }
    return NettyChannelBuilder.forAddress("localhost", sslPort()).sslContext(ssl.build()).build();
  }

  @Test
  void aClientWithATrustedCertificateIsServedOverTls() throws Exception {
    ManagedChannel channel = channel(true);
    try {
      var info =
          PricingServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getModelInfo(GetModelInfoRequest.getDefaultInstance());
      assertTrue(info.hasLimits());
      assertEquals(
          HealthCheckResponse.ServingStatus.SERVING,
          HealthGrpc.newBlockingStub(channel)
              .check(HealthCheckRequest.getDefaultInstance())
              .getStatus());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientWithoutACertificateIsRejected() throws Exception {
    ManagedChannel channel = channel(false);
    try {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  PricingServiceGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .getModelInfo(GetModelInfoRequest.getDefaultInstance()));
      System.out.println("mTLS, no client certificate: " + e.getStatus());
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void plaintextIsNotServed() throws Exception {
    int plainPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("localhost", plainPort).usePlaintext().build();
    try {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  PricingServiceGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .getModelInfo(GetModelInfoRequest.getDefaultInstance()));
      System.out.println("plaintext with insecure-requests=disabled: " + e.getStatus());
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
