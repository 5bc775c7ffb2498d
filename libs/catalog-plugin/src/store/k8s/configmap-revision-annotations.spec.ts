import { gunzipSync } from 'node:zlib';
import { createRevisionEntry } from '../source-revision';
import {
  ConfigMapRevisionAnnotations,
  revisionAnnotationKey,
} from './configmap-revision-annotations';

const entry = (id: string, rawYaml: string, createdAt: string) =>
  createRevisionEntry(
    { source: { id, name: id, type: 'yaml' }, rawYaml },
    { action: 'apply', author: 'a', createdAt },
  );

describe('ConfigMapRevisionAnnotations', () => {
  it('round-trips histories as one gzip+base64 annotation per source, keeping other annotations', () => {
    const a1 = entry('a', '# a1\n', '2026-01-01T00:00:00.000Z');
    const a2 = entry('a', '# a2\n', '2026-01-02T00:00:00.000Z');
    const { annotations, evicted } = ConfigMapRevisionAnnotations.read({})
      .withRecorded('a', [a1])
      .withRecorded('a', [a2])
      .encode({ 'example.com/owner': 'team' });
    expect(evicted).toBe(0);
    expect(Object.keys(annotations)).toEqual(['catalog.kubeflow.org/rev-a', 'example.com/owner']);
    const raw = JSON.parse(
      gunzipSync(Buffer.from(annotations['catalog.kubeflow.org/rev-a'], 'base64')).toString(),
    );
    expect(raw.entries.map((e: { rawYaml: string }) => e.rawYaml)).toEqual(['# a2\n', '# a1\n']);
    expect(ConfigMapRevisionAnnotations.read(annotations).history('a')).toEqual({
      sourceId: 'a',
      entries: [a2, a1],
      evictedForSize: 0,
    });
  });

  it('evicts the globally oldest revisions first until the budget holds, and counts them per source', () => {
    const big = (seed: string) =>
      Array.from({ length: 300 }, (_, i) => `${seed}-${i}-${(i * 7919) % 1000}`).join('\n');
    let history = ConfigMapRevisionAnnotations.read({});
    history = history.withRecorded('a', [entry('a', big('a1'), '2026-01-01T00:00:00.000Z')]);
    history = history.withRecorded('b', [entry('b', big('b1'), '2026-01-02T00:00:00.000Z')]);
    history = history.withRecorded('a', [entry('a', big('a2'), '2026-01-03T00:00:00.000Z')]);
    const all = history.encode({});
    const size = (m: Record<string, string>) =>
      Object.entries(m).reduce((n, [k, v]) => n + k.length + v.length, 0);
    const budget = size(all.annotations) - 1;
    const { annotations, evicted } = history.encode({}, budget);
    expect(evicted).toBe(1);
    expect(size(annotations)).toBeLessThanOrEqual(budget);
    const read = ConfigMapRevisionAnnotations.read(annotations);
    expect(read.history('a').entries.map((e) => e.createdAt)).toEqual(['2026-01-03T00:00:00.000Z']);
    expect(read.history('a').evictedForSize).toBe(1);
    expect(read.history('b').entries).toHaveLength(1);
    expect(read.history('b').evictedForSize).toBe(0);
  });

  it('ignores a hand-edited revision annotation that cannot be decoded, and reports it', () => {
    const read = ConfigMapRevisionAnnotations.read({ 'catalog.kubeflow.org/rev-a': 'not gzip' });
    expect(read.history('a').entries).toEqual([]);
    expect(read.unreadable).toEqual(['catalog.kubeflow.org/rev-a']);
  });

  it('uses the source id in the key when it fits an annotation name, a hash otherwise', () => {
    expect(revisionAnnotationKey('dev-validated')).toBe('catalog.kubeflow.org/rev-dev-validated');
    const long = 'x'.repeat(80);
    expect(revisionAnnotationKey(long)).toMatch(/^catalog\.kubeflow\.org\/rev-h-[0-9a-f]{32}$/);
    expect(revisionAnnotationKey('ends-with-')).toMatch(/rev-h-/);
  });
});
