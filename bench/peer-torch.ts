/**
 * PyTorch on the same machine, in the same bench run: bench/peer_torch.py run by the
 * system Python (/usr/bin/python3, Debian's python3-torch), never a test dependency.
 * When that Python cannot import torch the result says why.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./peer_torch.py', import.meta.url));

export type TorchResult =
  | { train_img_per_s: number; infer_img_per_s: number; train_img_per_cpu_s: number; infer_img_per_cpu_s: number; version: string; threads: number }
  | { skipped: string };

export function benchTorch(threads: number): TorchResult {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return { skipped: `${PYTHON} cannot run (${probe.error.message})` };
  if (probe.status !== 0) return { skipped: `${PYTHON} cannot import torch (${probe.stderr.trim().split('\n').pop()})` };
  const run = spawnSync(PYTHON, [SCRIPT, '--threads', String(threads)], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return { skipped: `${SCRIPT} failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}` };
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    torch_version: string; threads: number; train_img_per_s: number; infer_img_per_s: number; train_img_per_cpu_s: number; infer_img_per_cpu_s: number;
  };
  return { train_img_per_s: r.train_img_per_s, infer_img_per_s: r.infer_img_per_s, train_img_per_cpu_s: r.train_img_per_cpu_s,
    infer_img_per_cpu_s: r.infer_img_per_cpu_s, version: r.torch_version, threads: r.threads };
}
