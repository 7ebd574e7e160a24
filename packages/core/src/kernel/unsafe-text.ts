import type { FieldIssue } from './errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored as text (PostgreSQL refuses NUL; UTF-8 has no lone surrogates), or null. */
export function unsafeTextProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  return null;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * The strings (and keys) in `input` that no text column could store, one issue per path: the shared
 * check every boundary runs before its schema. Walks plain objects and arrays without recursion
 * (deep or cyclic input cannot overflow the stack), each object once.
 */
export function unsafeTextIssues(input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new WeakSet<object>();
  const stack: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length > 0 && issues.length < 100) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unsafeTextProblem(value);
      if (problem) issues.push({ path, message: problem, code: 'invalid_string' });
    } else if (typeof value === 'object' && value !== null && isPlain(value) && !seen.has(value)) {
      seen.add(value);
      for (const [key, child] of Object.entries(value)) {
        const problem = unsafeTextProblem(key);
        if (problem) issues.push({ path: join(path, key), message: `key ${problem}`, code: 'invalid_key' });
        stack.push({ value: child, path: join(path, key) });
      }
    }
  }
  return issues.reverse();
}
