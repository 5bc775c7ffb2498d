import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '../errors/catalog-errors';

/**
 * A `:id` path segment that still contains `:` is a verb the router did not recognise
 * (`team:validate:apply`, `team:refresh2`): answer 404 instead of treating it as a source id.
 */
@Injectable()
export class SourceIdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.includes(':')) {
      const verb = value.slice(value.indexOf(':'));
      throw new NotFoundError(
        `unknown method "${verb}" on source "${value.slice(0, value.indexOf(':'))}"`,
      );
    }
    return value;
  }
}
