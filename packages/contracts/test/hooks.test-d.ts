import { type Actor, definePlugin, type JournalEntry, type TxContext } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Contract,
  ContractQueries,
  ContractService,
  ContractStatus,
  ContractsExpiringEvent,
  ContractTransitionedEvent,
  ContractUpdatedEvent,
} from '../src/index.js';
import type { ContractsCrm } from './fixture.js';

describe("the contracts plugin's typed hooks and services", () => {
  it('types taps of its hooks for every plugin', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        api.tap('contractTransitioned', async (event, tx) => {
          expectTypeOf(event).toEqualTypeOf<ContractTransitionedEvent>();
          expectTypeOf(event.contract).toEqualTypeOf<Contract>();
          expectTypeOf(event.to).toEqualTypeOf<ContractStatus>();
          expectTypeOf(event.actor).toEqualTypeOf<Actor>();
          expectTypeOf(event.entry).toEqualTypeOf<JournalEntry>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
        api.tap('beforeContractTransition', async (request) =>
          request.to === 'terminated' ? { veto: 'not today' } : undefined,
        );
        api.tap('contractsExpiring', async (event) => {
          expectTypeOf(event).toEqualTypeOf<ContractsExpiringEvent>();
        });
        api.tap('contractUpdated', async (event) => {
          expectTypeOf(event).toEqualTypeOf<ContractUpdatedEvent>();
          expectTypeOf(event.before).toEqualTypeOf<Contract>();
        });
        // @ts-expect-error a veto carries its reason as `veto`
        api.tap('beforeContractTransition', async () => ({ refuse: true }));
        // @ts-expect-error a contract has no `amount` (its value has)
        api.tap('contractTransitioned', async (event) => void event.contract.amount);
      },
    });
  });

  it('types the services on the CRM', () => {
    expectTypeOf<ContractsCrm['crm']['services']['contracts']>().toEqualTypeOf<ContractService>();
    expectTypeOf<ContractsCrm['crm']['services']['contractQueries']>().toEqualTypeOf<ContractQueries>();
  });
});
