import { HttpException } from '@nestjs/common';
import type { BodyRefusal } from '../body/body-refusal';

/** A route's body refused by `@ContractBody`: the 422 or 503 that `ContractBodyExceptionFilter` answers with. */
export class ContractBodyException extends HttpException {
  constructor(readonly refusal: BodyRefusal) {
    super(refusal.body, refusal.status, refusal.status === 503 ? { cause: refusal.cause } : undefined);
  }
}
