import Ajv, { type ValidateFunction } from 'ajv';
import type { Response } from 'supertest';
import { buildOpenApiDocument } from '../schema/openApiDocument';
import { RESPONSE_TYPES } from '../schema/responseTypes';
import { ROUTES } from '../schema/routes';

const BASE = '/api/healthcare-integration';

const document = buildOpenApiDocument() as {
  components: { schemas: Record<string, unknown> };
};
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ components: document.components }, 'api');

const routes = ROUTES.map(route => ({
  route,
  pattern: new RegExp(
    `^${BASE}${route.path.replace(/:\w+/g, '[^/]+')}(\\?.*)?$`,
  ),
}));
const validators = new Map<string, ValidateFunction>();

function validatorFor(type: string) {
  let validate = validators.get(type);
  if (!validate) {
    validate = ajv.compile({ $ref: `api#/components/schemas/${type}` });
    validators.set(type, validate);
  }
  return validate;
}

/**
 * Checks a success response against the route's published response schema: every HTTP test
 * that goes through the test backend is also a contract test of the OpenAPI document.
 */
export function checkContract(method: string, url: string, res: Response) {
  if (res.status < 200 || res.status >= 300) return;
  if (!res.type?.includes('json')) return;
  const match = routes.find(
    r => r.route.method === method && r.pattern.test(url),
  );
  const type = match && RESPONSE_TYPES[match.route.id];
  if (!type) return;
  const validate = validatorFor(type);
  if (!validate(res.body)) {
    const problems = (validate.errors ?? [])
      .slice(0, 8)
      .map(
        e =>
          `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
      );
    throw new Error(
      `${method.toUpperCase()} ${url} (${match.route.id}) answered ${
        res.status
      } with a body that does not match ${type}:\n  ${problems.join('\n  ')}`,
    );
  }
}
