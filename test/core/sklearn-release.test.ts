import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { parseSklearnVersion, sklearnAtLeast } from '../../core/sklearn-release.js';
import { SKLEARN_1_2, SKLEARN_1_9, sklearnCompat } from '../../metrics/kmeans.js';

describe('scikit-learn releases', () => {
  it('parses major.minor with any suffix', () => {
    expect(parseSklearnVersion('1.2.1')).toEqual({ version: '1.2.1', major: 1, minor: 2 });
    expect(parseSklearnVersion('1.2')).toEqual({ version: '1.2', major: 1, minor: 2 });
    expect(parseSklearnVersion(' 1.10.0rc1 ')).toEqual({ version: '1.10.0rc1', major: 1, minor: 10 });
    expect(parseSklearnVersion('0.24.2').major).toBe(0);
  });

  it('rejects what is not a version, with a ConfigError', () => {
    for (const bad of ['', 'latest', '1', 'v1.2', '1.x']) expect(() => parseSklearnVersion(bad)).toThrow(ConfigError);
  });

  it('compares releases numerically (1.10 is after 1.9)', () => {
    expect(sklearnAtLeast(parseSklearnVersion('1.3.0'), 1, 3)).toBe(true);
    expect(sklearnAtLeast(parseSklearnVersion('1.2.9'), 1, 3)).toBe(false);
    expect(sklearnAtLeast(parseSklearnVersion('1.10'), 1, 9)).toBe(true);
    expect(sklearnAtLeast(parseSklearnVersion('2.0'), 1, 7)).toBe(true);
    expect(sklearnAtLeast(parseSklearnVersion('0.99'), 1, 0)).toBe(false);
  });

  it('k-means follows the parsed release (string or parsed)', () => {
    expect(sklearnCompat(parseSklearnVersion('1.2.1'))).toEqual(SKLEARN_1_2);
    expect(sklearnCompat('1.9.1')).toEqual(SKLEARN_1_9);
    expect(sklearnCompat('1.6.1')).toEqual({ firstCenter: 'choice', minibatch: 'randint' });
  });
});
