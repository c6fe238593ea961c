package dev.epollgateway.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Fails the start when a property under {@code gateway.*} binds to nothing, naming it, where it came from and the
 * closest known property ({@code gateway.engine.trigger-mod}: "did you mean gateway.engine.trigger-mode?"). Spring
 * Boot ignores such a property silently: {@code ignoreUnknownFields = false} covers only the members of a nested
 * object, never a misspelt leaf of a constructor-bound record, and nothing at all for names no type binds.
 * <p>
 * The known names are the members of every {@code @ConfigurationProperties} type bound under {@code gateway}, read
 * from the bean definitions before any bean is created, so the check runs before the engine or a web server starts.
 * Every enumerable property source is checked: the operator's {@code application.yml}, the packaged one, the
 * environment (in its relaxed form, {@code GATEWAY_ENGINE_TRIGGER_MOD}), system properties and the command line.
 * {@code gateway.it.*} is the integration tests' own namespace ({@code GATEWAY_IT_REQUIRE_DOCKER}), never read by the
 * service, and is left alone. Runs once, on the thread that refreshes the context.
 */
class UnknownPropertyCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String PREFIX = "gateway";

	private static final String TESTS_NAMESPACE = KnownProperties.canonical("gateway.it.");

	private ConfigurableEnvironment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = (ConfigurableEnvironment) environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		KnownProperties known = new KnownProperties();
		for (String bean : beanFactory.getBeanNamesForAnnotation(ConfigurationProperties.class)) {
			ConfigurationProperties annotation = beanFactory.findAnnotationOnBean(bean, ConfigurationProperties.class);
			Class<?> type = beanFactory.getType(bean, false);
			String prefix = (annotation != null) ? annotation.prefix() : "";
			if (prefix.isEmpty() && annotation != null) {
				prefix = annotation.value();
			}
			if (type != null && (prefix.equals(PREFIX) || prefix.startsWith(PREFIX + "."))) {
				known.add(prefix, type);
			}
		}
		List<String> problems = problems(known);
		if (!problems.isEmpty()) {
			throw new UnknownPropertyException(problems);
		}
	}

	private List<String> problems(KnownProperties known) {
		Set<String> reported = new LinkedHashSet<>();
		List<String> problems = new ArrayList<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				if (isUnderPrefix(name) && !known.contains(name) && reported.add(source.getName() + "/" + name)) {
					problems.add(sentence(name, source.getName(), known.closest(name)));
				}
			}
		}
		return problems;
	}

	private static boolean isUnderPrefix(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return (lower.startsWith(PREFIX + ".") || lower.startsWith(PREFIX + "_") || lower.startsWith(PREFIX + "["))
				&& !KnownProperties.canonical(name).startsWith(TESTS_NAMESPACE);
	}

	private static String sentence(String name, String source, String closest) {
		String suggestion = (closest != null) ? "; did you mean " + spelt(closest, name) + "?" : "";
		return "Unknown property " + name + " (from " + describe(source) + "): no setting of the gateway has this name"
				+ suggestion;
	}

	/** The suggestion spelt the way the operator spelt the mistake, plus the canonical name. */
	private static String spelt(String known, String asGiven) {
		if (asGiven.indexOf('.') < 0 && asGiven.indexOf('_') >= 0) {
			return known.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + " (" + known + ")";
		}
		return known;
	}

	private static String describe(String source) {
		return switch (source) {
			case "commandLineArgs" -> "the command line";
			case "systemEnvironment" -> "the environment";
			case "systemProperties" -> "the system properties";
			default -> source;
		};
	}

}
