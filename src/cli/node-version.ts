/**
 * The oldest Node.js the commands run on: 20.15 brought `zlib.crc32` (the decoded-image
 * cache's checksum). On an older Node an ES module that imports it fails while linking,
 * with a SyntaxError about a missing export; each bin checks first, then loads its
 * command with a dynamic import, so the user reads one line instead. No imports here:
 * this file must load on any Node.
 */
export const MIN_NODE = { major: 20, minor: 15 } as const;

/** The one-line complaint about `version` (e.g. "18.19.0"), or null when it is new enough. */
export function nodeTooOld(command: string, version: string): string | null {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor)) return null;
  return `${command}: needs Node.js >= ${MIN_NODE.major}.${MIN_NODE.minor} (this is ${version}); install a newer Node.js`;
}

/** Prints the complaint and sets exit code 2 when this Node is too old; true when the command may run. */
export function checkNodeVersion(command: string): boolean {
  const problem = nodeTooOld(command, process.versions.node);
  if (problem === null) return true;
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
  return false;
}
