import { InvalidDataError } from '../kernel/errors.js';

/** Why a merge was refused before anything was written. */
export type MergeRefusal = 'same_party' | 'kind_mismatch';

/** A merge that cannot be done as asked (a party into itself, a person into an organisation). */
export class MergeRefusedError extends InvalidDataError {
  readonly refusal: MergeRefusal;

  constructor(refusal: MergeRefusal, message: string) {
    super('merge', [{ path: 'mergedId', message, code: refusal }]);
    this.name = 'MergeRefusedError';
    this.refusal = refusal;
    this.details.refusal = refusal;
  }
}
