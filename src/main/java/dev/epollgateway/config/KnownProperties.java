package dev.epollgateway.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * The property names a set of {@code @ConfigurationProperties} types bind, in Spring Boot's canonical dashed form
 * ({@code gateway.engine.trigger-mode}), and the matching of names as any property source spells them
 * ({@code GATEWAY_ENGINE_TRIGGER_MODE}, {@code gateway.engine.triggerMode}). Immutable once built; any thread.
 */
final class KnownProperties {

	private final Set<String> names = new TreeSet<>();

	/** Prefixes under which anything binds (a {@code Map} member). */
	private final List<String> openPrefixes = new ArrayList<>();

	/** Adds the members of a properties type bound at a prefix; nested types of this project are walked. */
	KnownProperties add(String prefix, Class<?> type) {
		for (Member member : members(type)) {
			String name = prefix + "." + DataObjectPropertyName.toDashedForm(member.name());
			if (Map.class.isAssignableFrom(member.type()) || Collection.class.isAssignableFrom(member.type())) {
				this.names.add(name);
				this.openPrefixes.add(canonical(name));
			}
			else if (isNested(member.type())) {
				add(name, member.type());
			}
			else {
				this.names.add(name);
			}
		}
		return this;
	}

	/** The known names, dashed, sorted. */
	Set<String> names() {
		return this.names;
	}

	/** Whether a name, spelt as a property source spells it, is one of these properties. */
	boolean contains(String rawName) {
		String canonical = canonical(rawName);
		for (String name : this.names) {
			if (canonical(name).equals(canonical)) {
				return true;
			}
		}
		return this.openPrefixes.stream().anyMatch(canonical::startsWith);
	}

	/** The known name closest to a raw one, by edit distance of the canonical forms. */
	String closest(String rawName) {
		String canonical = canonical(rawName);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String name : this.names) {
			int distance = EditDistance.between(canonical, canonical(name));
			if (distance < bestDistance) {
				best = name;
				bestDistance = distance;
			}
		}
		return best;
	}

	/**
	 * One spelling for every way relaxed binding accepts a name: lower case, without the separators ('.', '-', '_')
	 * and indices, so {@code GATEWAY_ENGINE_TRIGGER_MODE}, {@code gateway.engine.triggerMode} and
	 * {@code gateway.engine.trigger-mode} compare equal.
	 */
	static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("\\[[^]]*]", "").replaceAll("[-._]", "");
	}

	private static boolean isNested(Class<?> type) {
		return !type.isEnum() && !type.isPrimitive() && type.getPackageName().startsWith("dev.epollgateway");
	}

	private static List<Member> members(Class<?> type) {
		List<Member> members = new ArrayList<>();
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				members.add(new Member(component.getName(), component.getType()));
			}
			return members;
		}
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
					members.add(new Member(field.getName(), field.getType()));
				}
			}
		}
		return members;
	}

	private record Member(String name, Class<?> type) {
	}

}
