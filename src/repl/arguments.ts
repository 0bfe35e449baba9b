/**
 * What the `dql` command and `dql check` read their arguments with: `--flag value` or
 * `--flag=value`, and the checks both make of the values they share.
 */

/** A mistake in the command line: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** One argument as a flag, with a way to take its value. */
export interface Argument {
  /** The argument as given. */
  readonly arg: string
  /** The argument itself, or what comes before `=` in `--flag=value`. */
  readonly flag: string
  /** The flag's value: after its `=`, or the next argument (which is then consumed). */
  value(): string
}

/** Each argument in turn; `value()` consumes the next one when the flag has no `=`. */
export function* argumentsOf(argv: readonly string[]): Generator<Argument> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const flag = eq === -1 ? arg : arg.slice(0, eq)
    const inline = eq === -1 ? undefined : arg.slice(eq + 1)
    yield {
      arg,
      flag,
      value: () => {
        const next = inline ?? argv[++i]
        // `--endpoint=` is a mistake, not a request for the default.
        if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`)
        return next
      },
    }
  }
}

/** An --endpoint value: an http or https URL. */
export function endpointUrl(endpoint: string): string {
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new UsageError(`--endpoint needs a URL such as http://localhost:8000, not ${endpoint}`)
  }
  return endpoint
}
