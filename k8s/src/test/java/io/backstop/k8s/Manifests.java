package io.backstop.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rendering of a kustomization: the documents as JSON trees (kept for kinds fabric8 does not
 * model, such as the ServiceMonitor) and typed fabric8 objects for the kinds the checks read.
 */
final class Manifests {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** apiVersion/kind to the fabric8 type; a rendered kind outside this map fails the parse. */
  private static final Map<String, Class<?>> TYPES =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "monitoring.coreos.com/v1/ServiceMonitor", JsonNode.class);

  private final List<ObjectNode> documents;
  private final List<Object> objects;

  private Manifests(List<ObjectNode> documents) {
    this.documents = List.copyOf(documents);
    List<Object> typed = new ArrayList<>();
    for (ObjectNode document : documents) {
      typed.add(toTyped(document));
    }
    this.objects = List.copyOf(typed);
  }

  static Manifests parse(String yaml) {
    List<ObjectNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node == null || node.isNull() || node.isMissingNode()) {
          continue;
        }
        if (!node.isObject()) {
          throw new AssertionError("a rendered document is not a mapping: " + node);
        }
        documents.add((ObjectNode) node);
      }
    } catch (IOException e) {
      throw new AssertionError("rendered YAML does not parse", e);
    }
    return new Manifests(documents);
  }

  static Manifests of(List<ObjectNode> documents) {
    return new Manifests(documents);
  }

  /** Deep copies of the documents, for tests that break a rendering on purpose. */
  List<ObjectNode> copyOfDocuments() {
    List<ObjectNode> copies = new ArrayList<>();
    for (ObjectNode document : documents) {
      copies.add(document.deepCopy());
    }
    return copies;
  }

  List<ObjectNode> documents() {
    return documents;
  }

  List<Object> objects() {
    return objects;
  }

  <T> List<T> all(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Object object : objects) {
      if (type.isInstance(object)) {
        found.add(type.cast(object));
      }
    }
    return found;
  }

  List<JsonNode> ofKind(String kind) {
    List<JsonNode> found = new ArrayList<>();
    for (ObjectNode document : documents) {
      if (kind.equals(document.path("kind").asText())) {
        found.add(document);
      }
    }
    return found;
  }

  private static Object toTyped(ObjectNode document) {
    String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
    Class<?> type = TYPES.get(key);
    if (type == null) {
      throw new AssertionError(
          "unexpected resource "
              + key
              + " "
              + document.path("metadata").path("name").asText()
              + ": add it to Manifests.TYPES and to the checks");
    }
    if (type == JsonNode.class) {
      return document;
    }
    try {
      return YAML.treeToValue(document, type);
    } catch (JsonProcessingException e) {
      throw new AssertionError("cannot read " + key + " as " + type.getSimpleName(), e);
    }
  }
}
