import { expect, it } from 'vitest';

/** What tsyringe's `Reflect` extension adds, as far as these tests look at it. */
const reflect = Reflect as unknown as {
  getMetadata?: (key: string, target: object) => unknown;
};

const injected: Array<{ index: number; token: string }> = [];

/** A legacy (experimentalDecorators) parameter decorator, the shape of tsyringe's `@inject(TOKEN)`. */
function inject(token: string) {
  return (_target: object, _key: string | symbol | undefined, index: number) => {
    injected.push({ index, token });
  };
}

class Service {
  constructor(
    @inject('DATABASE') readonly db: unknown,
    @inject('LOGGER') readonly logger: unknown,
  ) {}
}

it('applies legacy parameter decorators on constructors, as tsyringe needs', () => {
  expect(new Service(1, 2).logger).toBe(2);
  expect(injected).toEqual(
    expect.arrayContaining([
      { index: 0, token: 'DATABASE' },
      { index: 1, token: 'LOGGER' },
    ]),
  );
});

it('loads reflect-metadata before the tests, through setupFiles', () => {
  expect(typeof reflect.getMetadata).toBe('function');
});

// The build (tsup/esbuild) emits no design:paramtypes; tests must not depend on it either.
it('emits no decorator metadata, like the built packages', () => {
  expect(reflect.getMetadata?.('design:paramtypes', Service)).toBeUndefined();
});
