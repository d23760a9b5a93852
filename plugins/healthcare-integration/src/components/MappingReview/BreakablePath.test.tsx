// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React from 'react';
import { render } from '@testing-library/react';
import { BreakablePath } from './BreakablePath';

describe('BreakablePath', () => {
  it('keeps the text and offers a line break after each dot, slash, bracket and hyphen only', () => {
    const { container } = render(
      <code>
        <BreakablePath text="PID-3[1].1" />
      </code>,
    );
    expect(container.textContent).toBe('PID-3[1].1');
    // PID- | 3[ | 1]. | 1
    expect(container.querySelectorAll('wbr')).toHaveLength(3);
    expect(container.innerHTML).toBe('<code>PID-<wbr>3[<wbr>1].<wbr>1</code>');
  });

  it('leaves a plain word alone', () => {
    const { container } = render(<BreakablePath text="copy" />);
    expect(container.innerHTML).toBe('copy');
  });
});
