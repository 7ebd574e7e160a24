import type { InjectionToken } from 'tsyringe';
import type { TxContext } from './context.js';

/**
 * Checks, once when a transaction opens, that the call's tenant exists and its actor may act in it
 * (an employee who exists in this tenant and is active, say); throws a `RapportError` otherwise, and
 * nothing runs. The kernel knows no employees: a module registers the check in its `setup` with
 * `api.container.registerInstance(ACTOR_CHECK, check)`; every registered check runs, in order.
 */
export type ActorCheck = (tx: TxContext) => Promise<void>;

/** The token of the {@link ActorCheck}s the kernel runs when a transaction opens. */
export const ACTOR_CHECK: InjectionToken<ActorCheck> = Symbol('rapport.actorCheck');
