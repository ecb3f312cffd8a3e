import { z } from 'zod';
import { ROUTE_ACCESS } from '../auth/access-policy';
import { OPENAPI_DOCUMENT } from './openapi-document';
import { PACKAGE_READ_BODIES, QUERY_SCHEMAS, REQUEST_BODIES } from './openapi-schemas';

interface Operation {
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required: boolean; schema: unknown; description?: string }>;
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref?: string } }> };
}

const document = OPENAPI_DOCUMENT as unknown as {
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

/** What zod itself writes for a schema, as a client sends it: JSON Schema 2020-12, OpenAPI 3.1's dialect. */
function zodJsonSchema(schema: z.ZodType): unknown {
  const { $schema, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  expect($schema).toBe('https://json-schema.org/draft/2020-12/schema');
  return json;
}

function resolve(schema: { $ref?: string }): unknown {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  expect(document.components.schemas).toHaveProperty([name]);
  return document.components.schemas[name];
}

describe('the OpenAPI document', () => {
  it('declares three tags, and gives every operation exactly one of them', () => {
    const declared = document.tags.map((tag) => tag.name);
    expect(declared).toEqual(['Confluent API', 'governance', 'operations']);
    for (const { name, operation } of operations) {
      expect([name, operation.tags?.length]).toEqual([name, 1]);
      expect(declared).toContain(operation.tags![0]);
    }
    const tagOf = (name: string) => operations.find((entry) => entry.name === name)?.operation.tags?.[0];
    expect(tagOf('POST /subjects/{subject}/versions')).toBe('Confluent API');
    expect(tagOf('PUT /mode/{subject}')).toBe('Confluent API');
    expect(tagOf('POST /approvals/{id}/callback')).toBe('governance');
    expect(tagOf('GET /whoami')).toBe('governance');
    expect(tagOf('GET /docs/assets/{file}')).toBe('operations');
    expect(new Set(operations.map(({ operation }) => operation.tags![0]))).toEqual(new Set(declared));
  });

  it('describes every request body a controller parses with zod as that zod schema', () => {
    const withBodies = operations.filter(({ operation }) => operation.requestBody !== undefined);
    for (const { name, operation } of withBodies) {
      if (PACKAGE_READ_BODIES.includes(name)) continue;
      const source = REQUEST_BODIES[name];
      expect([name, source !== undefined]).toEqual([name, true]);
      const expected = zodJsonSchema(source!.schema);
      expect(operation.requestBody!.required).toBe(source!.required);
      for (const [type, { schema }] of Object.entries(operation.requestBody!.content)) {
        expect([name, type, resolve(schema)]).toEqual([name, type, expected]);
      }
    }
    // And every parsed body is documented (a body-less description of a parsed route would be a hand-kept gap).
    const documented = new Set(withBodies.map(({ name }) => name));
    for (const name of [...Object.keys(REQUEST_BODIES), ...PACKAGE_READ_BODIES]) expect(documented).toContain(name);
  });

  it('names one schema per request-body component', () => {
    const byComponent = new Map<string, z.ZodType>();
    for (const { component, schema } of Object.values(REQUEST_BODIES)) {
      expect(byComponent.get(component) ?? schema).toBe(schema);
      byComponent.set(component, schema);
    }
  });

  it('describes the query strings a controller parses with zod as that schema, one parameter per field', () => {
    for (const [name, schema] of Object.entries(QUERY_SCHEMAS)) {
      const { properties } = zodJsonSchema(schema) as { properties: Record<string, { description?: string }> };
      const operation = operations.find((entry) => entry.name === name)?.operation;
      const parameters = (operation?.parameters ?? []).filter((parameter) => parameter.in === 'query');
      expect(parameters.map((parameter) => parameter.name)).toEqual(Object.keys(properties));
      for (const parameter of parameters) {
        const { description, ...fieldSchema } = properties[parameter.name]!;
        expect(parameter).toEqual({
          name: parameter.name,
          in: 'query',
          required: false,
          ...(description === undefined ? {} : { description }),
          schema: fieldSchema,
        });
      }
    }
  });

  /**
   * The routes the registry serves are exactly ROUTE_ACCESS's (auth e2e test), and /openapi.json is compared with the
   * served routes themselves in the operations e2e test; this catches a drift without booting the application.
   */
  it('names exactly the routes of the access table', () => {
    const routes = Object.keys(ROUTE_ACCESS).map((route) => route.replace(/:(\w+)/g, '{$1}'));
    expect(operations.map(({ name }) => name).sort()).toEqual(routes.sort());
  });
});
