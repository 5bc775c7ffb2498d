import { FileConfigStore } from '../../../libs/catalog-plugin/src/store/file-config-store';
import { ConfigConflictError } from '../../../libs/catalog-plugin/src/store/config-conflict.error';
import { createInterface } from 'node:readline';
import { SCOPE, bigContent } from './big-content';

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Waits for the test to release this writer with one line on stdin. */
async function barrier(): Promise<void> {
  await stdinLines.next();
}

/**
 * A separate writer process for the file store tests. Usage (argv):
 *   <root> <sourcesPath> crash-loop                 apply ever larger generations of `big` forever
 *   <root> <sourcesPath> distinct <prefix> <n>      create n sources <prefix>-<i>
 *   <root> <sourcesPath> counter <n>                increment `counter` n times under expectedRevision;
 *                                                   the first read prints `read` and waits for a second
 *                                                   release, so two writers hold the same revision once
 * Prints one line per acknowledged write, then `done`.
 */
async function main(): Promise<void> {
  const [root, sourcesPath, mode, ...args] = process.argv.slice(2);
  const store = new FileConfigStore({ root, paths: [sourcesPath], lock: { timeoutMs: 60_000 } });
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  if (process.env.WAIT_FOR_GO === '1') {
    // A start barrier, so concurrent writers really overlap instead of racing process startup.
    say('ready');
    await barrier();
  }

  if (mode === 'crash-loop') {
    const current = await store.getSource(SCOPE, 'big');
    let gen = Number(current.source.name.replace('gen-', ''));
    say(`start ${gen}`);
    for (;;) {
      gen++;
      await store.applySource(
        SCOPE,
        'big',
        { source: { ...current.source, name: `gen-${gen}` }, rawYaml: bigContent(gen) },
        { author: `writer-${process.pid}` },
      );
      say(`applied ${gen}`);
    }
  }
  if (mode === 'distinct') {
    const [prefix, n] = [args[0], Number(args[1])];
    for (let i = 0; i < n; i++) {
      const id = `${prefix}-${i}`;
      await store.applySource(
        SCOPE,
        id,
        { source: { id, name: id, type: 'yaml' }, rawYaml: `mcpservers:\n  - name: ${id}\n` },
        { author: prefix },
      );
      say(`applied ${id}`);
    }
  } else if (mode === 'counter') {
    const n = Number(args[0]);
    let conflicts = 0;
    for (let i = 0; i < n; i++) {
      for (;;) {
        const current = await store.getSource(SCOPE, 'counter');
        const count = Number(/count: (\d+)/.exec(current.rawYaml ?? '')?.[1] ?? 0);
        if (i === 0 && conflicts === 0) {
          // Scheduling alone may never interleave two writers on a busy machine: both hold the
          // same revision here, so one of the two writes below must be refused as stale.
          say('read');
          await barrier();
        }
        // Like a client's GET … PUT If-Match round trip: the other writer may get in between.
        await new Promise((r) => setTimeout(r, Math.random() * 6));
        try {
          await store.applySource(
            SCOPE,
            'counter',
            { rawYaml: `# counter\ncount: ${count + 1}\n` },
            { author: `counter-${process.pid}`, expectedRevision: current.revision },
          );
          break;
        } catch (err) {
          if (!(err instanceof ConfigConflictError)) throw err;
          conflicts++;
        }
      }
      say(`incremented ${i}`);
    }
    say(`conflicts ${conflicts}`);
  }
  say('done');
  stdinLines.return?.(undefined);
  await store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(
    `store-writer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
