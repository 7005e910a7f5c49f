import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connectToParent } from './parent-port';

describe('connectToParent', () => {
  it('uses Electron parentPort in a utility process', () => {
    const sent: unknown[] = [];
    const port = new EventEmitter() as EventEmitter & { postMessage: (m: unknown) => void };
    port.postMessage = (m) => sent.push(m);
    const proc = Object.assign(new EventEmitter(), {
      parentPort: port,
    }) as unknown as NodeJS.Process;
    const parent = connectToParent(proc);
    expect(parent.kind).toBe('electron-utility');
    const received: unknown[] = [];
    parent.onMessage((m) => received.push(m));
    port.emit('message', { data: { kind: 'request', id: 1 } });
    parent.send({ kind: 'hello', pid: 1 });
    expect(received).toEqual([{ kind: 'request', id: 1 }]);
    expect(sent).toEqual([{ kind: 'hello', pid: 1 }]);
  });

  it('uses the IPC channel under child_process.fork', () => {
    const sent: unknown[] = [];
    const emitter = new EventEmitter();
    const proc = Object.assign(emitter, {
      send: (m: unknown) => sent.push(m),
    }) as unknown as NodeJS.Process;
    const parent = connectToParent(proc);
    expect(parent.kind).toBe('node-fork');
    const received: unknown[] = [];
    parent.onMessage((m) => received.push(m));
    emitter.emit('message', 'hi');
    parent.send('ho');
    expect(received).toEqual(['hi']);
    expect(sent).toEqual(['ho']);
  });

  it('refuses to run without a parent, with a message saying why', () => {
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    expect(() => connectToParent(proc)).toThrow(/must be started by Fotoglot/);
  });
});
