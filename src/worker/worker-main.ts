/**
 * @file Entry of the inference process (see [Note: One worker, two launchers]).
 * Models run here, never in the UI or the core, so a crashing model or a poisonous image
 * takes down only this process; the core's InferenceClient restarts it.
 */
import { connectToParent } from './parent-port';
import { handleMessage } from './request-handlers';

// A worker in an unknown state is worse than a restarted one: log and exit, the core restarts us.
process.on('uncaughtException', (error) => {
  console.error('[worker] uncaught exception:', error);
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  console.error('[worker] unhandled rejection:', reason);
  process.exit(1);
});

const port = connectToParent();
port.onMessage((message) => {
  void handleMessage(message).then((response) => {
    if (response) port.send(response);
  });
});
// Under node-fork the IPC channel keeps us alive; when the parent goes, so do we.
process.on('disconnect', () => process.exit(0));
port.send({ kind: 'hello', pid: process.pid });
