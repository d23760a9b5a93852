import React from 'react';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';

/** A person or group by the name the catalog gives them (entity presentation), not a ref. */
export function PersonName(props: { entityRef?: string }) {
  if (!props.entityRef) return <>—</>;
  return <EntityDisplayName entityRef={props.entityRef} hideIcon />;
}
