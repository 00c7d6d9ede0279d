/**
 * Where the lab runs: the browser, and what its GPU APIs say the GPU is — the WebGPU
 * adapter (navigator.gpu) and the WebGL renderer (WEBGL_debug_renderer_info). A result
 * downloaded from here carries them, so results from several machines can be told apart.
 */
import type { ResultEnvironment } from '../../../src/runtime/parity/merge-reports.js';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: AdapterInfoLike } | null>;
}

export interface LabEnvironment extends ResultEnvironment {
  crossOriginIsolated: boolean;
  /** Logical cores the browser reports. */
  cores: number;
  /** Why there is no WebGPU adapter / WebGL renderer, when there is none. */
  webgpuReason: string | null;
  webglReason: string | null;
}

function browserName(): string {
  const data = (navigator as unknown as { userAgentData?: { brands?: { brand: string; version: string }[]; platform?: string } }).userAgentData;
  const brand = data?.brands?.find((b) => !/Not.A.Brand|Chromium/i.test(b.brand)) ?? data?.brands?.find((b) => /Chromium/.test(b.brand));
  const full = /(Chrome|Chromium|Firefox|Version)\/([\d.]+)/.exec(navigator.userAgent);
  const name = brand ? `${brand.brand} ${full?.[2] ?? brand.version}` : full ? `${full[1] === 'Version' ? 'Safari' : full[1]} ${full[2]}` : navigator.userAgent;
  const platform = data?.platform || navigator.platform;
  return platform ? `${name} on ${platform}` : name;
}

/** The WebGPU adapter's self-description: vendor / architecture / device / description. */
export function describeAdapter(info: AdapterInfoLike | undefined): string {
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s);
  return parts.join(' / ') || 'unnamed adapter';
}

async function webgpu(): Promise<{ name: string | null; reason: string | null }> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return { name: null, reason: `no WebGPU in this browser (navigator.gpu is missing${isSecureContext ? '' : '; the page is not a secure context'})` };
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? { name: describeAdapter(adapter.info), reason: null } : { name: null, reason: 'WebGPU offers no adapter here' };
  } catch (error) {
    return { name: null, reason: `WebGPU adapter request failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** GL_RENDERER, unmasked where the browser allows (ANGLE's "vendor, renderer, driver" string in Chromium). */
export function webglRendererOf(gl: WebGL2RenderingContext): string {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

function webgl(): { name: string | null; reason: string | null } {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return { name: null, reason: 'no WebGL2 in this browser' };
  const name = webglRendererOf(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { name, reason: null };
}

export async function labEnvironment(): Promise<LabEnvironment> {
  const gpu = await webgpu();
  const gl = webgl();
  return {
    browser: browserName(),
    adapter: { webgpu: gpu.name, webgl: gl.name },
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    cores: navigator.hardwareConcurrency || 1,
    webgpuReason: gpu.reason,
    webglReason: gl.reason,
  };
}
