import type { InjectionToken } from 'tsyringe';
import type { Actor, TxContext } from './context.js';

/**
 * Checks, once when a transaction opens, that the call's tenant exists and its actor may act in it
 * (an employee who exists in this tenant and is active, say); throws a `RapportError` otherwise, and
 * nothing runs. The kernel knows no employees: a module registers the check in its `setup` with
 * `api.container.registerInstance(ACTOR_CHECK, check)`; every registered check runs, in order.
 *
 * A check is a function of the transaction, or a {@link BoundActorCheck}: one whose row is read in
 * the statement that binds the transaction to its tenant and actor, so it costs no round trip.
 */
export type ActorCheck = ((tx: TxContext) => Promise<void>) | BoundActorCheck;

/** An {@link ActorCheck} whose row is read with the transaction's binding statement. */
export interface BoundActorCheck {
  /**
   * The SQL of the one row to read (run after the tenant and actor settings are in force, so
   * row-level security applies), values bound with `param`; null when this context needs none.
   */
  query(context: { tenantId: string; actor: Actor }, param: (value: unknown) => string): string | null;
  /** Checks the context with the row `query` read (null when it found none or read nothing). */
  check(tx: TxContext, row: Record<string, unknown> | null): Promise<void>;
}

/** The token of the {@link ActorCheck}s the kernel runs when a transaction opens. */
export const ACTOR_CHECK: InjectionToken<ActorCheck> = Symbol('rapport.actorCheck');
