import React from 'react';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';

/**
 * A person or group by the name the catalog gives them (entity presentation), not a ref. Plain
 * inline text, unlike `EntityDisplayName`'s inline-flex box: a name wraps between its words in
 * a narrow column and keeps the brackets around it ("(Information Security Office)").
 */
export function PersonName(props: { entityRef?: string }) {
  if (!props.entityRef) return <>—</>;
  return <Name entityRef={props.entityRef} />;
}

function Name(props: { entityRef: string }) {
  const { primaryTitle, secondaryTitle } = useEntityPresentation(
    props.entityRef,
  );
  return <span title={secondaryTitle}>{primaryTitle}</span>;
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
