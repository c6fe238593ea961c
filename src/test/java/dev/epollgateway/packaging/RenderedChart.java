package dev.epollgateway.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;

/**
 * The objects of one {@code helm template} output, parsed with SnakeYAML, with typed navigation for assertions.
 */
final class RenderedChart {

	private final String manifest;

	private final List<Map<String, Object>> objects;

	private RenderedChart(String manifest, List<Map<String, Object>> objects) {
		this.manifest = manifest;
		this.objects = objects;
	}

	@SuppressWarnings("unchecked")
	static RenderedChart parse(String manifest) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml().loadAll(manifest)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return new RenderedChart(manifest, objects);
	}

	/** The raw manifest, for assertion messages. */
	String manifest() {
		return this.manifest;
	}

	/** Every object, in order. */
	List<Map<String, Object>> objects() {
		return this.objects;
	}

	/** {@code kind/name} of every object, in order. */
	List<String> kindsAndNames() {
		return this.objects.stream().map((object) -> object.get("kind") + "/" + name(object)).toList();
	}

	/** Every object of a kind. */
	List<Map<String, Object>> all(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	/** The single object of a kind, if any. */
	Optional<Map<String, Object>> find(String kind) {
		List<Map<String, Object>> all = all(kind);
		if (all.size() > 1) {
			throw new AssertionError("more than one " + kind + " in:\n" + this.manifest);
		}
		return all.stream().findFirst();
	}

	/** The single object of a kind; fails when there is none. */
	Map<String, Object> one(String kind) {
		return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " in:\n" + this.manifest));
	}

	/** The object of a kind with a name; fails when there is none. */
	Map<String, Object> named(String kind, String name) {
		return all(kind).stream()
			.filter((object) -> name.equals(name(object)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in:\n" + this.manifest));
	}

	/** The Deployment's only container. */
	Map<String, Object> container() {
		List<Map<String, Object>> containers = list(one("Deployment"), "spec.template.spec.containers");
		if (containers.size() != 1) {
			throw new AssertionError("expected one container, got " + containers.size());
		}
		return containers.get(0);
	}

	/** The application.yml the ConfigMap carries. */
	String applicationYamlText() {
		return (String) at(one("ConfigMap"), "data.application\\.yml");
	}

	/** The application.yml the ConfigMap carries, parsed. */
	Map<String, Object> applicationYaml() {
		return new Yaml().load(applicationYamlText());
	}

	static String name(Map<String, Object> object) {
		return (String) at(object, "metadata.name");
	}

	/**
	 * The value at a dotted path of map keys ({@code \.} escapes a dot inside a key); null when a step is missing.
	 */
	@SuppressWarnings("unchecked")
	static Object at(Object root, String path) {
		Object current = root;
		for (String key : path.split("(?<!\\\\)\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = ((Map<String, Object>) map).get(key.replace("\\.", "."));
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object root, String path) {
		Object value = at(root, path);
		if (!(value instanceof Map)) {
			throw new AssertionError("no map at " + path + " (found " + value + ")");
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object root, String path) {
		Object value = at(root, path);
		if (!(value instanceof List)) {
			throw new AssertionError("no list at " + path + " (found " + value + ")");
		}
		return (List<Map<String, Object>>) value;
	}

	/** The element of a list of maps whose {@code name} is the given one. */
	static Map<String, Object> byName(List<Map<String, Object>> list, String name) {
		return list.stream()
			.filter((element) -> name.equals(element.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no element named " + name + " in " + list));
	}

}
