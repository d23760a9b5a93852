import React from 'react';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';

/** A person or group by the name the catalog gives them (entity presentation), not a ref. */
export function PersonName(props: { entityRef?: string }) {
  if (!props.entityRef) return <>—</>;
  return <EntityDisplayName entityRef={props.entityRef} hideIcon />;
}

/** Nodes with a separator between them, as `Array.join` does for strings. */
export function joinNodes(
  nodes: React.ReactNode[],
  separator: React.ReactNode,
): React.ReactNode {
  return nodes.map((node, i) => (
    <React.Fragment key={i}>
      {i > 0 && separator}
      {node}
    </React.Fragment>
  ));
}
