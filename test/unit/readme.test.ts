import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { README, regenerated } from '../helpers/readme-tables.js';

it('README config and error tables match the code (regenerate: node --import tsx test/helpers/readme-tables.ts --write)', () => {
  const readme = readFileSync(README, 'utf8');
  assert.equal(readme, regenerated(readme));
});

it('README keeps exactly the two set-up commands', () => {
  const readme = readFileSync(README, 'utf8');
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /npm install && npm test/);
});
