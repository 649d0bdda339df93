import type { MinilvbConfig } from '../config/index.js';

/** What to run after init, in order, for this configuration. */
export function nextSteps(config: MinilvbConfig): string[] {
  const { db } = config;
  const steps: string[] = [];
  if (db && !db.password)
    steps.push(
      'minilvb db provision   # creates the database, its user and password (saved here), and the tables',
      'minilvb generate       # then writes cdn.route.ini and minilvb.env with that password (asks before overwriting)',
    );
  else if (db) steps.push('minilvb db provision   # creates the database, its user and the tables (idempotent)');
  steps.push(
    'minilvb serve          # the bundled server (or deploy the PHP server with the files above)',
    'minilvb doctor         # checks the whole deployment and names what is wrong',
  );
  return steps;
}
