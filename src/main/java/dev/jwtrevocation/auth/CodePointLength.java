package dev.jwtrevocation.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Length in Unicode code points, as a person counts characters: {@code @Size} counts
 * UTF-16 units, so an emoji or a CJK extension character would count twice and a valid
 * password be refused.
 */
@Documented
@Constraint(validatedBy = CodePointLength.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface CodePointLength {

	int min();

	int max();

	String message() default "must be {min} to {max} characters long";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	final class Validator implements ConstraintValidator<CodePointLength, String> {

		private int min;

		private int max;

		@Override
		public void initialize(CodePointLength annotation) {
			this.min = annotation.min();
			this.max = annotation.max();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			int length = value.codePointCount(0, value.length());
			return length >= this.min && length <= this.max;
		}

	}

}
