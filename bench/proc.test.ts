import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clockTicksPerSecond, cpuMicros, memoryStatus, parseStat, parseStatus, parseSystemStat, systemBusyMicros } from './proc.js';

describe('parseStat', () => {
  const cases = [
    { name: 'plain command', text: '1234 (node) S 1 1234 1234 0 -1 4194560 5000 0 0 0 250 75 0 0 20 0 11 0 100 1000000 5000', utime: 250, stime: 75 },
    { name: 'command with spaces and parentheses', text: '99 (my (odd) cmd) R 1 99 99 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 100 10', utime: 7, stime: 3 },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(parseStat(c.text), { utime: c.utime, stime: c.stime }));
  }
  test('throws on a truncated line', () => assert.throws(() => parseStat('1 (x) S 1')));
});

describe('parseStatus', () => {
  test('reads VmHWM and VmRSS in kB', () => {
    const text = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   70000 kB\nThreads:\t11\n';
    assert.deepEqual(parseStatus(text), { peakRssKb: 81234, rssKb: 70000 });
  });
  test('0 when absent (kernel threads)', () => assert.deepEqual(parseStatus('Name:\tkthreadd\n'), { peakRssKb: 0, rssKb: 0 }));
});

describe('parseSystemStat', () => {
  test('busy counts user, nice, system, irq, softirq and steal; total adds idle and iowait', () => {
    const text = 'cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\n';
    assert.deepEqual(parseSystemStat(text), { busy: 167, total: 1187 });
  });
});

describe('readers on this process', () => {
  test('CPU time grows with work and memory is reported', () => {
    const ticks = clockTicksPerSecond();
    assert.ok(ticks > 0);
    const before = cpuMicros(process.pid, ticks);
    const end = Date.now() + 60;
    while (Date.now() < end); // burn a little CPU
    const afterUs = cpuMicros(process.pid, ticks);
    assert.ok(before !== undefined && afterUs !== undefined && afterUs >= before);
    const memory = memoryStatus(process.pid);
    assert.ok(memory !== undefined && memory.peakRssKb >= memory.rssKb && memory.rssKb > 0);
    assert.ok((systemBusyMicros(ticks) ?? 0) > 0);
  });
  test('undefined for a process that does not exist', () => {
    assert.equal(cpuMicros(2 ** 30, 100), undefined);
    assert.equal(memoryStatus(2 ** 30), undefined);
  });
});
