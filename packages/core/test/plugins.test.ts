import { definePlugin, PluginError, RapportError } from '@rapport/core/plugin';
import { createTestCrm } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { corePlugin } from '../src/core-plugin.js';
import { orderPlugins } from '../src/kernel/plugin-order.js';

const plugin = (name: string, version = '1.0.0', dependencies: Record<string, string> = {}) =>
  definePlugin({ name, version, dependencies });

function pluginError(fn: () => unknown): PluginError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PluginError);
    return error as PluginError;
  }
  throw new Error('expected a PluginError');
}

describe('plugin ordering', () => {
  it('takes dependencies by value, each with the caret range of the version it was defined against', () => {
    const base = plugin('base', '1.3.0');
    const top = definePlugin({ name: 'top', version: '1.0.0', dependencies: [base] });
    const pinned = definePlugin({
      name: 'pinned',
      version: '1.0.0',
      dependencies: [{ plugin: base, range: '~1.3.0' }],
    });
    expect(top.dependencies).toEqual({ base: '^1.3.0' });
    expect(pinned.dependencies).toEqual({ base: '~1.3.0' });
    expect(orderPlugins([top, pinned, base]).map((p) => p.name)).toEqual(['base', 'top', 'pinned']);
    const error = pluginError(() => orderPlugins([top, plugin('base', '2.0.0')]));
    expect(error.details).toMatchObject({
      plugins: ['top', 'base'],
      kind: 'incompatible',
      required: '^1.3.0',
    });
  });

  it('puts every plugin after its dependencies and keeps the given order otherwise', () => {
    const a = plugin('a', '1.0.0', { c: '^1.0.0' });
    const b = plugin('b');
    const c = plugin('c', '1.4.0', { b: '1.x' });
    expect(orderPlugins([a, b, c]).map((p) => p.name)).toEqual(['b', 'c', 'a']);
  });

  it('refuses a plugin installed twice, naming it', () => {
    const error = pluginError(() => orderPlugins([plugin('a'), plugin('a')]));
    expect(error.code).toBe('PLUGIN_MISCONFIGURED');
    expect(error.details).toMatchObject({ plugins: ['a'], kind: 'duplicate' });
  });

  it('refuses a missing dependency, naming both plugins', () => {
    const error = pluginError(() => orderPlugins([plugin('a', '1.0.0', { ghost: '^2.0.0' })]));
    expect(error.details).toMatchObject({ plugins: ['a', 'ghost'], kind: 'missing' });
    expect(error.message).toContain('ghost');
  });

  it('refuses an incompatible version, naming the range and the installed version', () => {
    const error = pluginError(() =>
      orderPlugins([plugin('b', '2.1.0'), plugin('a', '1.0.0', { b: '^1.2.0' })]),
    );
    expect(error.details).toMatchObject({ plugins: ['a', 'b'], kind: 'incompatible', installed: '2.1.0' });
  });

  it('refuses a dependency cycle, naming every plugin in it', () => {
    const error = pluginError(() =>
      orderPlugins([
        plugin('a', '1.0.0', { b: '*' }),
        plugin('b', '1.0.0', { c: '*' }),
        plugin('c', '1.0.0', { a: '*' }),
      ]),
    );
    expect(error.details.kind).toBe('cycle');
    expect([...(error.details.plugins as string[])].sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses an invalid version string', () => {
    expect(pluginError(() => orderPlugins([plugin('a', 'one')])).details.kind).toBe('invalid-version');
  });

  it('checks plugins against the real core version', () => {
    const needsFuture = plugin('future', '1.0.0', { '@rapport/core': '^99.0.0' });
    const error = pluginError(() => orderPlugins([corePlugin, needsFuture]));
    expect(error.details).toMatchObject({ kind: 'incompatible', plugins: ['future', '@rapport/core'] });
  });
});

describe('createCrm', () => {
  it('validates plugin options and reports every offending field with the plugin name', async () => {
    const configurable = definePlugin({
      name: 'configurable',
      version: '1.0.0',
      options: z.object({ rate: z.number().positive(), sender: z.object({ email: z.email() }) }),
    }).configure({ rate: -1, sender: { email: 'nope' } });
    const error = await createTestCrm({ plugins: [configurable], migrate: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    const issues = (error as RapportError).details.issues as { path: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['rate', 'sender.email']);
    expect((error as Error).message).toContain('configurable');
  });

  it('refuses a bad database URL as invalid data naming the field', async () => {
    await expect(
      import('@rapport/core').then(({ createCrm }) => createCrm({ database: { url: 'mysql://x' } })),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'database.url' }] } });
  });

  it('refuses two plugins that register the same service key', async () => {
    class A {}
    const one = definePlugin({
      name: 'one',
      version: '1.0.0',
      services: { thing: { token: Symbol('a'), useClass: A } },
    });
    const two = definePlugin({
      name: 'two',
      version: '1.0.0',
      services: { thing: { token: Symbol('b'), useClass: A } },
    });
    const error = await createTestCrm({ plugins: [one, two], migrate: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PLUGIN_MISCONFIGURED',
      details: { plugins: ['one', 'two'], service: 'thing' },
    });
    expect((error as Error).message).toMatch(/"thing" is registered by both one and two/);
  });

  it('runs setup in dependency order and teardown in reverse on close', async () => {
    const calls: string[] = [];
    const mk = (name: string, deps: Record<string, string> = {}) =>
      definePlugin({
        name,
        version: '1.0.0',
        dependencies: deps,
        setup: () => void calls.push(`setup ${name}`),
        teardown: () => void calls.push(`teardown ${name}`),
      });
    const { close } = await createTestCrm({
      plugins: [mk('top', { base: '1' }), mk('base')],
      migrate: false,
    });
    await close();
    expect(calls).toEqual(['setup base', 'setup top', 'teardown top', 'teardown base']);
  });
});
