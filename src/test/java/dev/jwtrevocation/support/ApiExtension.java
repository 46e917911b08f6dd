package dev.jwtrevocation.support;

import java.lang.reflect.Field;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ReflectionUtils;

/**
 * Hands every {@link IntegrationTest} an {@link Api} pointed at the application's random
 * port: a field of type {@code Api} is filled before each test, and a test or lifecycle
 * method may declare an {@code Api} parameter. Replaces the port field and setup method
 * each test class used to copy.
 */
public final class ApiExtension implements BeforeEachCallback, ParameterResolver {

	@Override
	public void beforeEach(ExtensionContext context) {
		Object test = context.getRequiredTestInstance();
		Api api = api(context);
		for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (field.getType() == Api.class) {
					ReflectionUtils.makeAccessible(field);
					ReflectionUtils.setField(field, test, api);
				}
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == Api.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return api(context);
	}

	private static Api api(ExtensionContext context) {
		return Api.of(SpringExtension.getApplicationContext(context));
	}

}
