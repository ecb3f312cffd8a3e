import 'reflect-metadata';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type DynamicModule,
  type ExceptionFilter,
  HttpException,
  type INestApplication,
  Module,
  Post,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { RegistryClient } from '../src';
import { ContractBody, EnforcementModule } from '../src/nest';
import {
  BAD_INPUTS,
  ORDER,
  ORDER_BREAKING_RULES,
  ORDER_BREAKING_SCHEMA,
  type Order,
  postJson,
  postRaw,
  publishSampleDomains,
  RULE_VIOLATIONS,
  SCHEMA_VIOLATIONS,
  USER_EVENT,
} from './http-support';

/**
 * `@ContractBody` in Nest applications on both platforms, Fastify (as Charter's apps run) and Express, against a real
 * registry. Each application has a catch-all global filter that reshapes every HttpException, as Charter's apps do:
 * the route's own filter must still answer with the shared body. Bad inputs tried (http-support BAD_INPUTS): no
 * body, an empty body, broken JSON, text/plain, null, arrays, a string, a number, {}, an order with a __proto__ key;
 * plus an order breaking three schema fields, one breaking a CEL rule and two contract constraints, a JSON Schema
 * event breaking three keywords, an unregistered subject, and the registry stopped (an application whose checker
 * never saw the subject, and one whose checker did).
 */
type UserEvent = typeof USER_EVENT;

/** What each handler received, by route. */
const received: Record<string, unknown[]> = { orders: [], events: [], unknown: [] };

@Controller()
class OrdersController {
  @Post('orders')
  create(@ContractBody('orders-value') order: Order): { accepted: string } {
    // Typed: an Order, as declared.
    received.orders!.push(order);
    return { accepted: order.order_id };
  }

  @Post('events')
  track(@ContractBody('user-events-value') event: UserEvent): { accepted: string } {
    received.events!.push(event);
    return { accepted: event.event_id };
  }

  @Post('unknown')
  misconfigured(@ContractBody('no-such-value') body: unknown): void {
    received.unknown!.push(body);
  }
}

/** An application's catch-all filter, reshaping every error as Charter's apps do (here `{ reshaped: true }`). */
@Catch()
class CatchAllFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : ((exception as { statusCode?: number; status?: number }).statusCode ??
          (exception as { status?: number }).status ??
          500);
    const response = host.switchToHttp().getResponse<{
      status(code: number): { send(body: unknown): void };
    }>();
    response.status(status).send({ reshaped: true, status });
  }
}

@Module({})
class OrdersModule {}

const ordersModule = (client: RegistryClient): DynamicModule => ({
  module: OrdersModule,
  imports: [EnforcementModule.forRoot({ client })],
  controllers: [OrdersController],
});

const PLATFORMS = {
  fastify: () => new FastifyAdapter({ skipMiddie: true }),
  express: () => new ExpressAdapter(),
} as const;

async function startApp(platform: keyof typeof PLATFORMS, client: RegistryClient) {
  const app: INestApplication = await NestFactory.create(ordersModule(client), PLATFORMS[platform](), {
    logger: false,
    abortOnError: false,
  });
  app.useGlobalFilters(new CatchAllFilter());
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

let registry: TestRegistry;
const apps: INestApplication[] = [];

beforeAll(async () => {
  registry = await startTestRegistry();
  await publishSampleDomains(registry);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await registry?.close();
});

const client = (extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
  new RegistryClient({ url: registry.url, credentials: registry.adminKey, retries: 0, ...extra });

describe.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)(
  '@ContractBody on the %s platform',
  (platform) => {
    let url: string;
    beforeAll(async () => {
      const started = await startApp(platform, client({ latestTtlMs: 0 }));
      apps.push(started.app);
      url = started.url;
    });

    it('hands a valid order to the handler as it was sent, with 201', async () => {
      const before = received.orders!.length;
      const response = await postJson(`${url}/orders`, ORDER);
      expect(response).toMatchObject({ status: 201, body: { accepted: ORDER.order_id } });
      expect(received.orders!.slice(before)).toEqual([ORDER]);
    });

    it('answers 422 listing every schema violation with a JSON pointer, past the app filter, without the handler', async () => {
      const before = received.orders!.length;
      const response = await postJson(`${url}/orders`, ORDER_BREAKING_SCHEMA);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        error_code: 42201,
        code: 'contract-violation',
        message: expect.stringMatching(/orders-value: 3 violations/),
        subject: 'orders-value',
        violations: SCHEMA_VIOLATIONS.map((violation) => ({ ...violation, message: expect.any(String) })),
      });
      expect(received.orders!.length).toBe(before);
    });

    it('lists the CEL rule and both contract constraints a schema-valid order breaks', async () => {
      const before = received.orders!.length;
      const response = await postJson(`${url}/orders`, ORDER_BREAKING_RULES);
      expect(response.status).toBe(422);
      expect(response.body.violations).toEqual(
        RULE_VIOLATIONS.map((violation) => ({ ...violation, message: expect.any(String) })),
      );
      expect(received.orders!.length).toBe(before);
    });

    it.each(BAD_INPUTS.map((input) => [input.name, input] as const))(
      'answers %s as the platform must, never with a 5xx; a refused body never reaches the handler',
      async (_name, input) => {
        const before = received.orders!.length;
        const response = await postRaw(`${url}/orders`, input.body, input.contentType);
        expect(response.status).toBe(input.status[platform]);
        expect(received.orders!.length).toBe(response.status === 201 ? before + 1 : before);
        if (response.status === 422) {
          expect(response.body).toMatchObject({
            code: 'contract-violation',
            violations: expect.arrayContaining([expect.anything()]),
          });
        }
      },
    );

    it('holds a JSON Schema subject too', async () => {
      expect((await postJson(`${url}/events`, USER_EVENT)).status).toBe(201);
      const response = await postJson(`${url}/events`, { ...USER_EVENT, event_id: 'nope', event_type: 'logout', x: 1 });
      expect(response.status).toBe(422);
      expect(response.body.violations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ rule: 'schema/format', path: '/event_id' }),
          expect.objectContaining({ rule: 'schema/enum', path: '/event_type' }),
          expect.objectContaining({ rule: 'schema/additionalProperties', path: '' }),
        ]),
      );
    });

    it('answers 503 unknown-schema for a route bound to an unregistered subject', async () => {
      const response = await postJson(`${url}/unknown`, ORDER);
      expect(response).toMatchObject({
        status: 503,
        body: { error_code: 50302, code: 'unknown-schema', subject: 'no-such-value' },
      });
      expect(received.unknown).toEqual([]);
    });
  },
);

describe('@ContractBody with the registry stopped', () => {
  const running: Partial<Record<`${keyof typeof PLATFORMS}-${'warm' | 'cold'}`, string>> = {};
  beforeAll(async () => {
    for (const platform of Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>) {
      const warm = await startApp(platform, client({ latestTtlMs: 0 }));
      const cold = await startApp(platform, client());
      apps.push(warm.app, cold.app);
      expect((await postJson(`${warm.url}/orders`, ORDER)).status).toBe(201);
      running[`${platform}-warm`] = warm.url;
      running[`${platform}-cold`] = cold.url;
    }
    await registry.close();
  });

  it.each(Object.keys(PLATFORMS))(
    '%s: an application whose checker never saw the subject answers 503, the handler untouched',
    async (platform) => {
      const before = received.orders!.length;
      const response = await postJson(`${running[`${platform as keyof typeof PLATFORMS}-cold`]}/orders`, ORDER);
      expect(response).toMatchObject({
        status: 503,
        body: { error_code: 50301, code: 'registry-unavailable', subject: 'orders-value' },
      });
      expect(response.headers.get('retry-after')).toBe('1');
      expect(received.orders!.length).toBe(before);
    },
  );

  it.each(Object.keys(PLATFORMS))('%s: after a warm read, bodies are still checked from memory', async (platform) => {
    const url = running[`${platform as keyof typeof PLATFORMS}-warm`];
    expect((await postJson(`${url}/orders`, ORDER)).status).toBe(201);
    const refused = await postJson(`${url}/orders`, ORDER_BREAKING_RULES);
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toHaveLength(RULE_VIOLATIONS.length);
  });
});
