import type { InjectionToken } from 'tsyringe';
import { PluginError } from '../kernel/errors.js';
import type { TableParticipation } from './declaration.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** One declared table, with the plugin that declared it and its defaults filled in. */
export interface RegisteredParticipation extends TableParticipation {
  readonly plugin: string;
  readonly label: string;
  readonly id: string;
}

/**
 * Every table the installed plugins declared as taking part in party operations (core's own
 * modules included). Core's merges, privacy requests, reassignments and deactivations read it.
 */
export class ParticipationRegistry {
  private readonly tables = new Map<string, RegisteredParticipation>();

  /** Adds `plugin`'s declaration; a table or label declared twice, or a bad identifier, is a PluginError. */
  register(plugin: string, declaration: TableParticipation): void {
    const entry: RegisteredParticipation = {
      ...declaration,
      plugin,
      label: declaration.label ?? declaration.table,
      id: declaration.id ?? 'id',
    };
    for (const name of identifiersOf(entry)) {
      if (!IDENTIFIER.test(name))
        throw new PluginError(`Plugin ${plugin} declares participation with a bad identifier "${name}"`, {
          plugins: [plugin],
          table: entry.table,
          identifier: name,
        });
    }
    const partyColumns = new Set(entry.parties?.map((p) => p.column));
    for (const link of entry.employees ?? []) {
      if (link.follows && !partyColumns.has(link.follows))
        throw new PluginError(
          `Plugin ${plugin}: ${entry.table}.${link.column} follows "${link.follows}", which is not one of its party links`,
          { plugins: [plugin], table: entry.table },
        );
    }
    for (const other of this.tables.values()) {
      if (other.table === entry.table || other.label === entry.label)
        throw new PluginError(
          `Participation of ${entry.table} (label ${entry.label}) is declared by both ${other.plugin} and ${plugin}`,
          { plugins: [other.plugin, plugin], table: entry.table, label: entry.label },
        );
    }
    this.tables.set(entry.table, Object.freeze(entry));
  }

  /** Every declared table, in the order the plugins were installed. */
  all(): readonly RegisteredParticipation[] {
    return [...this.tables.values()];
  }

  /** The declaration of `table`, if any. */
  of(table: string): RegisteredParticipation | undefined {
    return this.tables.get(table);
  }
}

function identifiersOf(entry: RegisteredParticipation): string[] {
  const names = [entry.table, entry.id];
  if (entry.version) names.push(entry.version);
  if (entry.updatedAt) names.push(entry.updatedAt);
  for (const link of entry.parties ?? []) {
    names.push(link.column);
    if (typeof link.merge === 'object') names.push(...link.merge.combine);
    if (typeof link.erase === 'object') {
      names.push(...Object.keys(link.erase.set));
      if (link.erase.stamp) names.push(link.erase.stamp);
    }
  }
  for (const link of entry.employees ?? []) names.push(link.column);
  if (entry.exportOmits) names.push(...entry.exportOmits);
  const v = entry.visibility;
  if (v?.owner) names.push(v.owner);
  if (v?.team) names.push(v.team);
  if (v?.parties) names.push(...v.parties);
  if (entry.audit) names.push(entry.audit.table, entry.audit.key, entry.audit.at ?? 'at');
  return names;
}

/** The registry of declared party participation (one per CRM). */
export const PARTICIPATION: InjectionToken<ParticipationRegistry> = Symbol('rapport.participation');
