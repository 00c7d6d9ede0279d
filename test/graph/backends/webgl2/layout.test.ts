/**
 * The pure parts of the WebGL2 backend, checked in Node: how buffers map onto
 * textures, and the fragment source generated from a program description.
 */
import { describe, expect, it } from 'vitest';
import { fragmentSource } from '../../../../src/graph/backends/webgl2/fragment-source.js';
import { layoutFor } from '../../../../src/graph/backends/webgl2/texture-layout.js';

describe('texture layout', () => {
  it('packs four elements per texel on a near-square, power-of-two-wide grid', () => {
    for (const size of [0, 1, 4, 5, 450, 4097, 301056, 3_000_000]) {
      const { width, height, widthShift } = layoutFor(size, 8192);
      expect(width).toBe(1 << widthShift);
      expect(width * height * 4).toBeGreaterThanOrEqual(size);
      // Never a whole spare row, and at most twice as wide as the square root of the
      // texel count (rows are what the rasteriser spreads across threads).
      expect(width * (height - 1) * 4).toBeLessThan(Math.max(size, 1));
      expect(width).toBeLessThanOrEqual(2 * Math.ceil(Math.sqrt(Math.max(1, size / 4))));
    }
    expect(layoutFor(301056, 8192)).toEqual({ width: 512, height: 147, widthShift: 9 });
  });

  it('refuses buffers larger than the largest texture', () => {
    expect(() => layoutFor(4096 * 4 * 5000, 4096)).toThrow(/exceeds a 4096x4096 texture/);
  });
});

describe('fragment source', () => {
  const layout = layoutFor(10, 8192);
  const base = { key: 'k', inputs: ['a', 'b'], outputSize: 10 };

  it('declares a sampler and accessors per input and one vec4 output per target', () => {
    const src = fragmentSource({ ...base, outputs: ['y', 'z'], main: 'y = a_at(index); z = b_at(index);' }, [layout, layout], layout);
    expect(src.startsWith('#version 300 es\n')).toBe(true);
    for (const name of ['a', 'b']) {
      expect(src).toContain(`uniform highp sampler2D tex_${name};`);
      expect(src).toContain(`vec4 ${name}_texel(int t)`);
      expect(src).toContain(`float ${name}_at(int i)`);
    }
    expect(src).toContain('layout(location = 0) out vec4 y;');
    expect(src).toContain('layout(location = 1) out vec4 z;');
    // The scalar body runs once per lane, stopping at the end of the buffer.
    expect(src).toContain('if (index + lane >= 10) break;');
  });

  it('needs exactly one of the scalar and vector bodies', () => {
    expect(() => fragmentSource(base, [layout, layout], layout)).toThrow(/exactly one of main and main4/);
    expect(() => fragmentSource({ ...base, main: '', main4: '' }, [layout, layout], layout)).toThrow(/exactly one/);
  });
});
