import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';
import {
  childrenOf,
  cpusAllowed,
  formatCpuList,
  listenerPid,
  parseCpuList,
  pinProcesses,
} from './cpu-affinity';

describe('CPU lists', () => {
  it('reads the kernel’s notation', () => {
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList('0-2,5,7-8\n')).toEqual([0, 1, 2, 5, 7, 8]);
    expect(parseCpuList('3,1,1')).toEqual([1, 3]);
  });

  it('refuses what is not a list of CPUs', () => {
    for (const text of ['', 'a', '1-0', '-1', '0-x', '1.5', '0,,1']) {
      expect(() => parseCpuList(text)).toThrow('not a CPU list');
    }
  });

  it('writes it back in ranges', () => {
    expect(formatCpuList([0])).toBe('0');
    expect(formatCpuList([1, 0])).toBe('0-1');
    expect(formatCpuList([0, 1, 2, 5, 7, 8])).toBe('0-2,5,7-8');
    expect(parseCpuList(formatCpuList([4, 2, 3, 9]))).toEqual([2, 3, 4, 9]);
  });
});

describe('the processes of this machine', () => {
  it('finds the process listening on a port', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as net.AddressInfo;
      expect(listenerPid(port)).toBe(process.pid);
    } finally {
      server.close();
    }
  });

  it('knows the cores a process may use, and its children', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      expect(cpusAllowed(process.pid)?.length).toBeGreaterThan(0);
      expect(childrenOf(process.pid)).toContain(child.pid);
    } finally {
      child.kill();
    }
  });
});

describe('pinProcesses', () => {
  const pids: number[] = [];
  afterAll(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  });

  /** A shell that starts a `sleep` of its own: a parent with a child. */
  async function parentWithChild(): Promise<{ parent: number; child: number }> {
    const shell = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    await once(shell, 'spawn');
    pids.push(shell.pid!);
    for (let i = 0; i < 100; i += 1) {
      const [child] = childrenOf(shell.pid!);
      if (child) {
        pids.push(child);
        return { parent: shell.pid!, child };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the shell started no child');
  }

  it('pins a process and its children to the cores given, and gives each its own back', async () => {
    const { parent, child } = await parentWithChild();
    const before = cpusAllowed(parent)!;
    const pinning = pinProcesses([0], [{ name: 'shell', pid: parent, withChildren: true }]);
    try {
      expect(pinning.processes).toEqual({ shell: [parent, child] });
      expect(cpusAllowed(parent)).toEqual([0]);
      expect(cpusAllowed(child)).toEqual([0]);
    } finally {
      expect(pinning.restore()).toEqual([]);
    }
    expect(cpusAllowed(parent)).toEqual(before);
    expect(cpusAllowed(child)).toEqual(before);
    // Once is enough: a second restore changes nothing.
    expect(pinning.restore()).toEqual([]);
  });

  it('throws for a CPU the machine does not have, with nothing left pinned', async () => {
    const { parent } = await parentWithChild();
    const before = cpusAllowed(parent);
    expect(() =>
      pinProcesses([os.cpus().length + 7], [{ name: 'shell', pid: parent, withChildren: true }]),
    ).toThrow(/cannot pin shell/);
    expect(cpusAllowed(parent)).toEqual(before);
  });
});
