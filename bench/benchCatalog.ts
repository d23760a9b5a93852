import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARNESS_ENTITIES } from '../plugins/healthcare-integration-backend/src/reliability/harness/org';
import { call } from '../plugins/healthcare-integration-backend/src/reliability/harness/instances';
import { USERS } from '../plugins/healthcare-integration-backend/src/testing/fixtures';

type Entity = (typeof HARNESS_ENTITIES)[number];

/** Systems the seeded integrations belong to (a hospital network's applications). */
const SYSTEMS = Array.from({ length: 40 }, (_, i) => `clinical-system-${i}`);

/**
 * The catalog the reference endpoint reads: every seeded integration as a Component, plus the
 * systems, users and groups of the organisation — as many entities as production holds, so the
 * catalog's by-name read is not a lookup in a catalog of one. Written as one multi-document
 * YAML file (each document is JSON, which YAML reads as is).
 */
export function writeBenchCatalog(dir: string, names: string[]): string {
  const strip = (e: Entity): Entity => {
    const { relations, ...rest } = e;
    return rest;
  };
  const docs: Entity[] = [
    ...HARNESS_ENTITIES.map(strip),
    ...SYSTEMS.map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name, namespace: 'default' },
      spec: { owner: 'group:default/hospital-it' },
    })),
    ...names.map((name, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        title: `Integration ${name}`,
        tags: ['hl7v2', i % 3 === 0 ? 'phi' : 'operational'],
        annotations: { 'hospital.example/interface-engine': 'rhapsody' },
      },
      spec: {
        type: 'healthcare-integration',
        owner: 'group:default/integration-engineering',
        lifecycle: 'production',
        system: SYSTEMS[i % SYSTEMS.length],
      },
    })),
  ];
  const file = join(dir, 'catalog.yaml');
  writeFileSync(file, docs.map(d => `---\n${JSON.stringify(d)}\n`).join(''));
  return file;
}

/** Waits until the catalog serves every entity of the file (processing and stitching done). */
export async function waitForCatalog(catalogBase: string, expected: number) {
  const deadline = Date.now() + 30 * 60_000;
  let seen = 0;
  while (Date.now() < deadline) {
    const r = await call(
      catalogBase,
      USERS.requester,
      'GET',
      '/entities/by-query?limit=1',
    ).catch(() => undefined);
    seen = Number(r?.body?.totalItems ?? 0);
    if (seen >= expected) return;
    await new Promise(res => setTimeout(res, 2000));
  }
  throw new Error(
    `the catalog served ${seen} of ${expected} entities after 30 minutes`,
  );
}

export const catalogEntityCount = (names: string[]) =>
  HARNESS_ENTITIES.length + SYSTEMS.length + names.length;
