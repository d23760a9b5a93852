import React from 'react';

/**
 * A dotted path, segment or URL (`Encounter.location.display`, `PID-3[1].1`, `http://…/v3-ActCode`)
 * with a line-break opportunity after each `.`, `/`, `[` and `-`: a narrow column wraps it
 * between its parts, never letter by letter, and never needs the table wider than the page.
 */
export function BreakablePath(props: { text: string }) {
  const parts = props.text.split(/(?<=[./[\-])/);
  return (
    <>
      {parts.map((part, i) => (
        <React.Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </React.Fragment>
      ))}
    </>
  );
}
