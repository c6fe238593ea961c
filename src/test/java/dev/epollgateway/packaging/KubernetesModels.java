package dev.epollgateway.packaging;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;

/**
 * Checks a rendered Kubernetes object against the official Java client's models ({@code io.kubernetes:client-java-api},
 * generated from the API's OpenAPI description), the way the API server's strict field validation would: a field the
 * model does not define, a required field missing, or a value of the wrong type fails with the model's message.
 */
final class KubernetesModels {

	/** API groups of custom resources, which the client's models do not describe. */
	static final Set<String> CUSTOM_RESOURCE_GROUPS = Set.of("monitoring.coreos.com");

	private static final String MODELS = "io.kubernetes.client.openapi.models.";

	private KubernetesModels() {
	}

	/** Whether the object is a custom resource (not checked here). */
	static boolean isCustomResource(Map<String, Object> object) {
		String apiVersion = (String) object.get("apiVersion");
		return apiVersion.contains("/") && CUSTOM_RESOURCE_GROUPS.contains(apiVersion.substring(0, apiVersion.indexOf('/')));
	}

	/**
	 * The model class of a built-in object: {@code apps/v1} {@code Deployment} is {@code V1Deployment}.
	 * @throws IllegalArgumentException when the client has no model for that version and kind
	 */
	static Class<?> modelOf(String apiVersion, String kind) {
		String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
		String name = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalArgumentException("No Kubernetes model for " + apiVersion + " " + kind + " (" + name + ")");
		}
	}

	/**
	 * Validates the object strictly and deserialises it into its model.
	 * @return the model instance
	 * @throws IllegalArgumentException with the model's message when the object does not fit it
	 */
	static Object check(Map<String, Object> object) {
		Class<?> model = modelOf((String) object.get("apiVersion"), (String) object.get("kind"));
		JsonElement json = new Gson().toJsonTree(object);
		try {
			Method validate = model.getMethod("validateJsonElement", JsonElement.class);
			validate.invoke(null, json);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			throw new IllegalArgumentException(object.get("kind") + "/" + RenderedChart.name(object) + ": "
					+ cause.getMessage(), cause);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The model " + model.getName() + " cannot validate", ex);
		}
		try {
			// The client's own Gson: Quantity, IntOrString and date adapters, as it reads the API server's answers.
			return JSON.getGson().fromJson(json, model);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(object.get("kind") + "/" + RenderedChart.name(object) + ": "
					+ ex.getMessage(), ex);
		}
	}

}
