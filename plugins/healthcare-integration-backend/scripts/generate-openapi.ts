// Writes src/schema/openapi.json from the route table (run through the Backstage CLI transform).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument } from '../src/schema/openApiDocument';

const target = resolve(__dirname, '../src/schema/openapi.json');
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
