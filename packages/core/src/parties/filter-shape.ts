import { InvalidDataError } from '../kernel/errors.js';

/** The bounds {@link checkFilterShape} enforces (from `limits.filterBytes` and `limits.filterDepth`). */
export interface FilterShapeLimits {
  filterBytes: number;
  filterDepth: number;
}

type Frame = { value: unknown; path: string; depth: number } | { exit: object };

function refuse(path: string, message: string, code: string): never {
  throw new InvalidDataError('filter', [{ path, message, code }]);
}

/**
 * Refuses a filter that is too big (its JSON over `filterBytes`), nested deeper than `filterDepth`, or
 * cyclic, before anything else reads it: one iterative walk, so a filter nested 100,000 levels deep
 * or a cyclic object is a typed error naming the path, never a stack overflow. Sizes are counted as
 * JSON would spell them, stopping as soon as the limit is passed.
 */
export function checkFilterShape(input: unknown, limits: FilterShapeLimits, root = 'filter'): void {
  let bytes = 0;
  const onPath = new Set<object>();
  const stack: Frame[] = [{ value: input, path: root, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('exit' in frame) {
      onPath.delete(frame.exit);
      continue;
    }
    const { value, path, depth } = frame;
    if (typeof value === 'string') bytes += Buffer.byteLength(value) + 2;
    else if (typeof value !== 'object' || value === null) bytes += String(value).length;
    else {
      if (onPath.has(value)) refuse(path, 'is cyclic: it contains itself', 'invalid_type');
      if (depth >= limits.filterDepth)
        refuse(path, `is nested deeper than ${limits.filterDepth} levels (limits.filterDepth)`, 'too_big');
      onPath.add(value);
      stack.push({ exit: value });
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      bytes += 2;
      for (const [key, child] of entries) {
        bytes += Array.isArray(value) ? 1 : Buffer.byteLength(String(key)) + 4;
        stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
    if (bytes > limits.filterBytes)
      refuse(root, `is larger than ${limits.filterBytes} bytes as JSON (limits.filterBytes)`, 'too_big');
  }
}
