import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ContractBodyException } from './contract-body.exception';

/**
 * Answers a refused body with the shared 422 or 503, through the platform's own adapter (Express or Fastify).
 * `@ContractBody` binds it to its route, and a route's filters come before the application's global ones, so an
 * app's catch-all filter does not reshape the answer.
 */
@Catch(ContractBodyException)
export class ContractBodyExceptionFilter implements ExceptionFilter<ContractBodyException> {
  private readonly logger = new Logger('ContractBody');

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: ContractBodyException, host: ArgumentsHost): void {
    const { refusal } = exception;
    if (refusal.status === 503) {
      this.logger.warn(
        `request body refused for ${refusal.body.subject}: the schema registry could not be asked (${refusal.cause.errorClass}: ${refusal.cause.message})`,
      );
    }
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(refusal.headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, refusal.body, refusal.status);
  }
}
