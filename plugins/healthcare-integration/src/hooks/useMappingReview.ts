import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { MappingReview } from '@hcig/backstage-plugin-healthcare-integration-common';
import { healthcareIntegrationApiRef } from '../api';

function isNotFound(error: unknown) {
  const e = error as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode === 404 || e?.response?.status === 404;
}

/**
 * The record's mapping review, `review` undefined when no spec is stored yet (404). It is read
 * again when `headSeq` moves: a sign-off or a new spec appends to the record's audit trail.
 */
export function useMappingReview(recordRef: string, headSeq = 0) {
  const api = useApi(healthcareIntegrationApiRef);
  return useAsyncRetry(async (): Promise<{ review?: MappingReview }> => {
    try {
      return { review: await api.getMapping(recordRef) };
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  }, [api, recordRef, headSeq]);
}

/** "confirmed/rows" for the section bar, or nothing before a spec is stored. */
export function mappingCount(review: MappingReview | undefined) {
  if (!review) return undefined;
  const confirmed = review.rows.filter(r => r.status === 'confirmed').length;
  return `${confirmed}/${review.rows.length}`;
}
