import os from 'node:os';
import { PHASES, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('runs every phase in the full and quick profiles, and leaves start and scaling out of the smoke run', () => {
    expect(parseBenchOptions([]).phases).toEqual(PHASES);
    expect(parseBenchOptions(['--quick']).phases).toEqual(PHASES);
    expect(parseBenchOptions(['--smoke']).phases).toEqual(['baselines', 'accept', 'e2e', 'data']);
    expect(PHASES).toEqual(['baselines', 'accept', 'start', 'e2e', 'data', 'scaling']);
  });

  it('runs the phases asked for in their own order', () => {
    expect(parseBenchOptions(['--phases=scaling,start,accept']).phases).toEqual([
      'accept',
      'start',
      'scaling',
    ]);
  });

  it('pins nothing unless asked, and takes the cores in taskset’s notation', () => {
    expect(parseBenchOptions([]).cpus).toBeUndefined();
    expect(parseBenchOptions(['--cpus=0']).cpus).toEqual([0]);
    if (os.cpus().length >= 2) {
      expect(parseBenchOptions(['--cpus=0-1']).cpus).toEqual([0, 1]);
      expect(parseBenchOptions(['--cpus=1,0']).cpus).toEqual([0, 1]);
    }
  });

  it('refuses cores the machine does not have, and what is not a list of cores', () => {
    expect(() => parseBenchOptions([`--cpus=${os.cpus().length}`])).toThrow(
      `--cpus: this machine has CPUs 0-${os.cpus().length - 1}`,
    );
    expect(() => parseBenchOptions(['--cpus=one'])).toThrow('--cpus takes a CPU list');
    expect(() => parseBenchOptions(['--cpus='])).toThrow('--cpus takes a CPU list');
  });

  it('measures every read unless asked for some by name', () => {
    expect(parseBenchOptions([]).reads).toBeUndefined();
    expect(parseBenchOptions(['--reads=search']).reads).toBe('search');
    expect(() => parseBenchOptions(['--reads='])).toThrow('--reads needs part of a read');
  });
});
