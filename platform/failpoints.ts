// Failpoints: named places where the fault suite (test/faults) stops or slows a process, so it
// can kill the worker at a chosen moment instead of hoping a random SIGKILL lands there.
// Off unless CAMPUS_FAILPOINTS names them ("award.stored=hang,certificate.rendered=delay:2000");
// never read in production. Every call site is a moment where a crash must lose nothing.

type Action = { kind: 'hang' } | { kind: 'delay'; ms: number };

let configured: Map<string, Action> | undefined;

function parse(setting: string | undefined): Map<string, Action> {
  const actions = new Map<string, Action>();
  if (!setting || process.env.NODE_ENV === 'production') return actions;
  for (const entry of setting.split(',')) {
    const [name, action = 'hang'] = entry.split('=').map((part) => part.trim());
    if (!name) continue;
    const delay = /^delay:(\d+)$/.exec(action);
    actions.set(name, delay ? { kind: 'delay', ms: Number(delay[1]) } : { kind: 'hang' });
  }
  return actions;
}

/**
 * A place a crash may happen. `hang` writes "failpoint <name> reached" to stderr (the suite waits
 * for that line) and never returns; `delay:ms` makes the work take that long.
 */
export async function failpoint(name: string): Promise<void> {
  configured ??= parse(process.env.CAMPUS_FAILPOINTS);
  const action = configured.get(name);
  if (!action) return;
  process.stderr.write(`failpoint ${name} reached\n`);
  if (action.kind === 'delay') return new Promise((resolve) => setTimeout(resolve, action.ms));
  // The interval keeps the process alive and busy-looking until it is killed.
  return new Promise(() => setInterval(() => undefined, 60_000));
}
