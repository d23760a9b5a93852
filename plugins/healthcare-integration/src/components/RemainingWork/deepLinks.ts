import type {
  RemainingItem,
  Section,
} from '@hcig/backstage-plugin-healthcare-integration-common';
import { SECTIONS } from '@hcig/backstage-plugin-healthcare-integration-common';

/**
 * The tab's deep links. Notifications and the inbox link with `?gate=<id>`, `?change=<id>`,
 * `?evidence=<id>` or `?exception=<id>`; the checklist adds `?section=<section>&item=<id>`.
 * Each opens its section and scrolls to the item (its element id is `itemAnchorId`).
 */
const PARAM_SECTIONS: Array<[string, Section]> = [
  ['gate', 'gates'],
  ['change', 'changes'],
  ['evidence', 'evidence'],
  ['exception', 'monitoring'],
];

export interface DeepLinkTarget {
  section: Section;
  item?: string;
}

export function deepLinkTarget(
  params: URLSearchParams,
): DeepLinkTarget | undefined {
  for (const [param, section] of PARAM_SECTIONS) {
    const item = params.get(param);
    if (item) return { section, item };
  }
  const section = params.get('section');
  if (section && (SECTIONS as readonly string[]).includes(section)) {
    return {
      section: section as Section,
      item: params.get('item') ?? undefined,
    };
  }
  return undefined;
}

/** The query string that opens an item of the checklist. */
export function itemSearch(link: RemainingItem['link']): string {
  if (link.section === 'gates' && link.id)
    return `?gate=${encodeURIComponent(link.id)}`;
  if (link.section === 'monitoring' && link.id)
    return `?exception=${encodeURIComponent(link.id)}`;
  const item = link.id ? `&item=${encodeURIComponent(link.id)}` : '';
  return `?section=${link.section}${item}`;
}

/** The element id of an item in its section, the target of a deep link. */
export function itemAnchorId(section: Section, item: string): string {
  // The monitoring section already anchored its exceptions so (`?exception=` predates this).
  if (section === 'monitoring') return `exception-${item}`;
  return `hip-${section}-${item.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
