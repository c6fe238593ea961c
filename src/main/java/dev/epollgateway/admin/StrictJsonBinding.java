package dev.epollgateway.admin;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

/**
 * Binds request bodies strictly: an empty or blank string, or a fraction, is not a number, and a number is not a
 * boolean; a member the body's type does not have, or a member given twice, is refused. Jackson's defaults read
 * {@code "minIdleMs": ""} as absent, {@code 1.5} as 1, ignore {@code {"timeout": 5}} on a drain (which then drains
 * with the default) and let the last of two {@code "remote"} members win, so a careless body would silently lose or
 * change what it asks; here each is a 400 {@code MALFORMED_REQUEST_BODY} naming the member. (A kill body collects its
 * unknown members itself, to name the valid ones.)
 */
class StrictJsonBinding implements JsonMapperBuilderCustomizer {

	@Override
	public void customize(JsonMapper.Builder builder) {
		builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Integer,
				(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

}
