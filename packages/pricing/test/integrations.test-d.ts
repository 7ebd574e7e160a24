import type { ContractService } from '@rapport/contracts';
import type { DocumentService } from '@rapport/documents';
import type { MessagingService } from '@rapport/messaging';
import type { DealService } from '@rapport/pipeline';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ContractsPort,
  DealsPort,
  DocumentsPort,
  MessagingPort,
  QuoteIntegrations,
} from '../src/index.js';

describe('quotes call the other plugins with their own types', () => {
  it('types each port as the methods of the real service, so a changed signature fails the typecheck', () => {
    expectTypeOf<DealsPort['win']>().toEqualTypeOf<DealService['win']>();
    expectTypeOf<DealsPort['update']>().toEqualTypeOf<DealService['update']>();
    expectTypeOf<ContractsPort['create']>().toEqualTypeOf<ContractService['create']>();
    expectTypeOf<MessagingPort['send']>().toEqualTypeOf<MessagingService['send']>();
    expectTypeOf<DocumentsPort['render']>().toEqualTypeOf<DocumentService['render']>();
    expectTypeOf<DocumentsPort['create']>().toEqualTypeOf<DocumentService['create']>();
  });

  it('gives the registry lookups those types', () => {
    expectTypeOf<QuoteIntegrations['contracts']>().toEqualTypeOf<ContractsPort | undefined>();
    expectTypeOf<QuoteIntegrations['documents']>().toEqualTypeOf<DocumentsPort | undefined>();
  });
});
