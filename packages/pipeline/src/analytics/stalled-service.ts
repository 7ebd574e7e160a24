import { injectable } from '@rapport/core';

/** Work in progress (analytics engineer). */
@injectable()
export class StalledDealsAnalysis {}
