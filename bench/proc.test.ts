import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clockTicksPerSecond,
  cpuMicros,
  memoryStatus,
  parseProcessStat,
  parseStat,
  parseStatus,
  parseSystemStat,
  readProcessTable,
  systemBusyMicros,
  treeCpuMicros,
  treeCpuTicks,
  treePids,
  TreeMemory,
  TreeMemorySampler,
  type ProcessStat,
} from './proc.js';

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

describe('parseProcessStat', () => {
  test('pid, parent, own and reaped children\'s ticks', () => {
    const text = '1234 (node) S 77 1234 1234 0 -1 4194560 5000 0 0 0 250 75 40 9 20 0 11 0 100 1000000 5000';
    assert.deepEqual(parseProcessStat(text), { pid: 1234, ppid: 77, utime: 250, stime: 75, cutime: 40, cstime: 9 });
  });
  test('a command with spaces and parentheses', () => {
    const text = '99 (a ) b (c) R 5 99 99 0 -1 0 0 0 0 0 7 3 1 2 20 0 1 0 5 100 10';
    assert.deepEqual(parseProcessStat(text), { pid: 99, ppid: 5, utime: 7, stime: 3, cutime: 1, cstime: 2 });
  });
  test('throws on a truncated line', () => assert.throws(() => parseProcessStat('1 (x) S 1 1 1 0')));
});

const proc = (pid: number, ppid: number, ticks = 0, reaped = 0): ProcessStat => ({ pid, ppid, utime: ticks, stime: 0, cutime: reaped, cstime: 0 });

describe('treePids', () => {
  const table = [proc(1, 0), proc(10, 1), proc(20, 10), proc(21, 10), proc(30, 20), proc(40, 1), proc(22, 10)];
  test('the root first, then every descendant breadth-first, and nothing else', () => {
    assert.deepEqual(treePids(10, table), [10, 20, 21, 22, 30]);
    assert.deepEqual(treePids(30, table), [30]);
  });
  test('empty when the root is gone (its orphans are not claimed)', () => {
    assert.deepEqual(treePids(20, [proc(1, 0), proc(30, 20)]), []);
  });
  test('a process listed as its own parent, or a cycle, does not loop', () => {
    assert.deepEqual(treePids(0, [proc(0, 0), proc(5, 0)]), [0, 5]);
    assert.deepEqual(treePids(2, [proc(2, 3), proc(3, 2)]), [2, 3]);
  });
});

describe('treeCpuTicks', () => {
  test('sums own and reaped children\'s ticks over the tree only', () => {
    const table = [proc(1, 0, 1000), proc(10, 1, 5, 2), proc(20, 10, 100), proc(21, 10, 200, 7), proc(40, 1, 999)];
    assert.deepEqual(treeCpuTicks(10, table), { ticks: 5 + 2 + 100 + 200 + 7, pids: [10, 20, 21] });
    assert.equal(treeCpuTicks(99, table), undefined);
  });
  test('a worker that exits and is reaped moves its ticks to the parent: the total does not drop', () => {
    const before = [proc(10, 1, 5), proc(20, 10, 100), proc(21, 10, 200)];
    const after = [proc(10, 1, 6, 200), proc(20, 10, 110), proc(22, 10, 3)]; // 21 exited (reaped by 10), 22 replaced it
    assert.equal(treeCpuTicks(10, after)!.ticks - treeCpuTicks(10, before)!.ticks, 1 + 10 + 3);
  });
});

describe('readProcessTable', () => {
  test('reads numeric entries and skips what vanished or is not a process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proc-test-'));
    try {
      mkdirSync(join(dir, '12'));
      writeFileSync(join(dir, '12', 'stat'), '12 (node) S 3 12 12 0 -1 0 0 0 0 0 4 5 6 7 20 0 1 0 5 100 10\n');
      mkdirSync(join(dir, '13')); // exited: no stat any more
      mkdirSync(join(dir, 'self'));
      writeFileSync(join(dir, 'stat'), 'cpu 1 2 3\n');
      assert.deepEqual(readProcessTable(dir), [{ pid: 12, ppid: 3, utime: 4, stime: 5, cutime: 6, cstime: 7 }]);
      assert.deepEqual(readProcessTable(join(dir, 'missing')), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TreeMemory', () => {
  const status = (rssKb: number, peakRssKb: number) => ({ rssKb, peakRssKb });
  test('sampled peak is the highest simultaneous total; the VmHWM sum keeps exited members', () => {
    const memory = new TreeMemory();
    assert.deepEqual([memory.peakRssKb, memory.hwmSumKb, memory.pids, memory.samples], [0, 0, [], 0]);
    memory.add(new Map([[1, status(40, 40)], [2, status(100, 120)], [3, status(90, 90)]]));
    memory.add(new Map([[1, status(40, 41)], [2, status(150, 150)]])); // 3 exited
    memory.add(new Map([[1, status(40, 41)], [2, status(100, 150)], [4, status(80, 80)]])); // 4 replaced it
    memory.add(new Map());
    assert.equal(memory.peakRssKb, 230);
    assert.equal(memory.hwmSumKb, 41 + 150 + 90 + 80);
    assert.deepEqual(memory.pids, [1, 2, 3, 4]);
    assert.equal(memory.samples, 3);
  });
  test('a zombie (no Vm lines) keeps its last peak', () => {
    const memory = new TreeMemory();
    memory.add(new Map([[7, status(50, 60)]]));
    memory.add(new Map([[7, status(0, 0)]]));
    assert.deepEqual([memory.hwmSumKb, memory.peakRssKb], [60, 50]);
  });
});

describe('process trees of real processes', () => {
  test('a child and its grandchild are measured; the grandchild\'s CPU stays counted after it exits', async () => {
    // The child starts a grandchild that burns ~300 ms of CPU and exits; the child reaps it and waits for stdin to close.
    const grandchild = 'const end = Date.now() + 300; while (Date.now() < end);';
    const script = `const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' });
      process.stdout.write(g.pid + '\\n');
      g.on('exit', () => process.stdout.write('exited\\n'));
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      const ticks = clockTicksPerSecond();
      const sampler = new TreeMemorySampler(child.pid!, 20).start();
      for (let i = 0; i < 200 && !/^\d+\n/.test(out); i += 1) await sleep(10);
      const grandPid = Number(out.split('\n')[0]);
      assert.ok(grandPid > 0, `no grandchild pid in ${JSON.stringify(out)}`);
      const during = treeCpuMicros(child.pid!, ticks);
      assert.ok(during !== undefined);
      assert.deepEqual(during.pids, [child.pid, grandPid]);
      for (let i = 0; i < 500 && !out.includes('exited'); i += 1) await sleep(10);
      assert.ok(out.includes('exited'), 'the grandchild did not exit');
      const after = treeCpuMicros(child.pid!, ticks);
      assert.ok(after !== undefined);
      assert.deepEqual(after.pids, [child.pid]);
      // The grandchild burned ~300 ms, most of it after `during`; it now shows in the child's cutime/cstime.
      assert.ok(after.us >= during.us, `${after.us} < ${during.us}`);
      assert.ok(after.us >= 250_000, `tree CPU ${after.us} µs misses the grandchild's work`);
      sampler.stop();
      assert.ok(sampler.memory.pids.includes(grandPid), 'the sampler never saw the grandchild');
      assert.ok(sampler.memory.hwmSumKb > 0 && sampler.memory.peakRssKb > 0 && sampler.memory.peakRssKb <= sampler.memory.hwmSumKb);
    } finally {
      child.stdin.end();
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
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
    assert.equal(treeCpuMicros(2 ** 30, 100), undefined);
  });
});
