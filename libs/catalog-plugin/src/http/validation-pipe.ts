import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, InvalidArgumentError } from '../errors/catalog-errors';

/**
 * The global pipe: DTOs are strict (unknown keys are errors, not silently dropped) and every
 * problem is reported with its dotted field path.
 */
export function createCatalogValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new InvalidArgumentError(
        `invalid request: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
        details,
      );
    },
  });
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        field,
        message:
          constraint === 'whitelistValidation' ? 'unknown field' : message.replace(/^\S+ /, ''),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
