import { describe, expect, it } from 'vitest';
import { parseReplicaCounts, replicaNames } from '../src/platform/replica-plan';

const problemsOf = (raw: string) => {
  try {
    parseReplicaCounts(raw);
    return 'no problem';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('PSYCHEOS_REPLICAS', () => {
  it('runs the bots it names that many times, and every other bot once', () => {
    const counts = parseReplicaCounts(' pro=2, interpretator = 3 ');
    expect([...counts]).toEqual([
      ['pro', 2],
      ['interpretator', 3],
    ]);
    expect(parseReplicaCounts(undefined).size).toBe(0);
    expect(parseReplicaCounts('').size).toBe(0);
  });

  it('names the copies pro#1, pro#2 in the output, and a bot that runs once by its own name', () => {
    expect(replicaNames('pro', 2)).toEqual(['pro#1', 'pro#2']);
    expect(replicaNames('screen', 1)).toEqual(['screen']);
  });

  const NOT_PAIRS =
    'PSYCHEOS_REPLICAS must be bot=count pairs separated by commas, e.g. pro=2,interpretator=2';
  it.each([
    ['pro:2', NOT_PAIRS],
    ['pro', NOT_PAIRS],
    [
      'prof=2',
      'PSYCHEOS_REPLICAS names "prof", which is no bot (pro, screen, interpretator, conceptualizator, simulator)',
    ],
    ['pro=two', 'PSYCHEOS_REPLICAS gives pro two copies: 1 to 8'],
    ['pro=0', 'PSYCHEOS_REPLICAS gives pro 0 copies: 1 to 8'],
    ['pro=20', 'PSYCHEOS_REPLICAS gives pro 20 copies: 1 to 8'],
    ['pro=2,pro=3', 'PSYCHEOS_REPLICAS names pro twice'],
  ])('refuses %s in one line saying what is wrong', (raw, problem) => {
    expect(problemsOf(raw)).toBe(`Invalid configuration: ${problem}`);
  });
});
