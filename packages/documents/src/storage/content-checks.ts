import { createHash } from 'node:crypto';
import { type FieldIssue, InvalidDataError } from '@rapport/core/plugin';
import type { DocumentsOptions } from '../options.js';
import type { ContentInput } from '../register/document-input.js';

/** Whether `allowed` (with `type/*` families) accepts the MIME type. */
export function contentTypeAllowed(allowed: readonly string[], contentType: string): boolean {
  const family = `${contentType.split('/')[0]}/*`;
  return allowed.includes(contentType) || allowed.includes(family);
}

/**
 * Refuses content over the size limit or of a type not allowed: invalid data naming
 * `<path>.bytes` / `<path>.contentType`, checked before anything is written anywhere.
 */
export function checkContent(
  options: Pick<DocumentsOptions, 'maxContentBytes' | 'allowedContentTypes'>,
  content: Required<ContentInput>,
  path = 'content',
): void {
  const issues: FieldIssue[] = [];
  if (content.bytes.byteLength > options.maxContentBytes)
    issues.push({
      path: `${path}.bytes`,
      message: `is ${content.bytes.byteLength} bytes, more than the limit of ${options.maxContentBytes}`,
      code: 'too_big',
    });
  if (content.bytes.byteLength === 0)
    issues.push({ path: `${path}.bytes`, message: 'is empty', code: 'too_small' });
  if (!contentTypeAllowed(options.allowedContentTypes, content.contentType))
    issues.push({
      path: `${path}.contentType`,
      message: `${content.contentType} is not an allowed content type (${options.allowedContentTypes.join(', ')})`,
      code: 'invalid_value',
    });
  if (issues.length > 0) throw new InvalidDataError('document content', issues);
}

/** Hex SHA-256 of the bytes. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
