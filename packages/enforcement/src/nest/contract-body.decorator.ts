import { Body, Inject, Injectable, mixin, type PipeTransform, type Type, UseFilters } from '@nestjs/common';
import { BodyChecker } from '../body/body-checker';
import { checkBody } from '../body/body-refusal';
import { ContractBodyException } from './contract-body.exception';
import { ContractBodyExceptionFilter } from './contract-body-exception.filter';

/**
 * The request body, held to a subject before the handler runs (`BodyChecker.check`, from `EnforcementModule`):
 *
 *     @Post() create(@ContractBody('orders-value') order: Order) { … }
 *
 * A body that breaks the subject's schema, rules or contract is answered with a 422 listing every violation, a
 * registry failure with a 503, and the handler is not called; one that passes reaches it as the parameter's
 * declared type. Works on the Express and Fastify platforms alike.
 */
export function ContractBody(subject: string): ParameterDecorator {
  const pipe = contractBodyPipe(subject);
  return (target, key, index) => {
    if (key === undefined) throw new TypeError(`@ContractBody('${subject}') decorates a route handler's parameter`);
    Body(pipe)(target, key, index);
    // The route's own filter answers the refusal, whatever the application's global filters do with HttpExceptions.
    UseFilters(ContractBodyExceptionFilter)(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
}

/** A pipe class per subject (Nest builds it with the application's BodyChecker injected). */
function contractBodyPipe(subject: string): Type<PipeTransform> {
  @Injectable()
  class ContractBodyPipe implements PipeTransform {
    constructor(@Inject(BodyChecker) private readonly checker: BodyChecker) {}

    async transform(value: unknown): Promise<unknown> {
      const refusal = await checkBody(this.checker, subject, value);
      if (refusal) throw new ContractBodyException(refusal);
      return value;
    }
  }
  return mixin(ContractBodyPipe);
}
