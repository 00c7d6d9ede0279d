import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { barCells, drawThrottle, formatProgress, progressBar } from '../../src/util/progress-bar.js';

function sink(isTTY: boolean): { stream: Writable & { isTTY: boolean }; text: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

describe('progress bar', () => {
  it('shows the fraction, sizes and rate', () => {
    expect(formatProgress('x.tar.gz', 50 * 1048576, 200 * 1048576, 5 * 1048576)).toBe(
      'x.tar.gz [########----------------------]  25.0% 50.0/200.0 MB 5.0 MB/s',
    );
    expect(formatProgress('x', 3 * 1048576, null, 1048576)).toBe('x 3.0 MB 1.0 MB/s');
  });

  it('prints one line per 10% in a log, so CI output stays short', () => {
    const out = sink(false);
    const report = progressBar('f', out.stream);
    for (let got = 0; got <= 1000; got += 1) report(got, 1000);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toMatch(/^f \[#{30}\] 100\.0% /);
  });

  it('redraws in place on a terminal and ends with a newline', () => {
    const out = sink(true);
    const report = progressBar('f', out.stream);
    report(10, 100);
    report(100, 100);
    expect(out.text().match(/\r/g)).toHaveLength(2); // both draws start at the line's beginning
    expect(out.text()).toMatch(/^\rf \[###-{27}\]  10\.0% .*\rf \[#{30}\] 100\.0% .*\n$/s);
  });

  it('fills cells by rounding, and lets a draw through at most once per interval unless it is the last', () => {
    expect(barCells(0, 4)).toBe('[----]');
    expect(barCells(0.3, 10)).toBe('[###-------]');
    expect(barCells(1, 3)).toBe('[###]');
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const due = drawThrottle(100);
      expect(due(false)).toBe(true);
      vi.advanceTimersByTime(99);
      expect(due(false)).toBe(false);
      expect(due(true)).toBe(true);
      vi.advanceTimersByTime(100);
      expect(due(false)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
