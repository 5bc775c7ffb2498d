// Copies the shipped catalog config (config/**/*.yaml) into k8s/seed/, which kustomize turns into
// the seed ConfigMap (kustomize cannot read files outside k8s/). Run `npm run k8s:sync-seed` after
// changing config/; test/deploy fails while the two differ and names any file the kustomization
// or the Deployment's volume items still have to list.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(repo, 'config');
const to = join(repo, 'k8s', 'seed');

function yamlFiles(dir) {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return name.endsWith('.yaml') ? [path] : [];
    });
}

rmSync(to, { recursive: true, force: true });
for (const file of yamlFiles(from)) {
  const target = join(to, relative(from, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  process.stdout.write(`${relative(repo, target)}\n`);
}
