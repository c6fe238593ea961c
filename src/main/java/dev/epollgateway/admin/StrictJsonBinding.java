package dev.epollgateway.admin;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

/**
 * Binds request bodies strictly: an empty or blank string, or a fraction, is not a number, and a number is not a
 * boolean. Jackson's defaults read {@code "minIdleMs": ""} as absent and {@code 1.5} as 1, so a careless body would
 * silently lose or change a kill filter; here it is a 400 {@code MALFORMED_REQUEST_BODY} naming the member.
 */
class StrictJsonBinding implements JsonMapperBuilderCustomizer {

	@Override
	public void customize(JsonMapper.Builder builder) {
		builder.withCoercionConfig(LogicalType.Integer,
				(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

}
