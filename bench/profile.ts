/**
 * Where the time of a dql call goes: `npm run bench:profile` runs `db.first` (a GetItem)
 * through the stub transport under `node --cpu-prof` for a few seconds, then sums the
 * profile's self time by owner: dql's own code, the AWS SDK (@aws-sdk, @smithy), the stub
 * transport, Node itself and the garbage collector. PROFILE_ROW=put or PROFILE_ROW=update
 * profiles `db.run` of Q6a's PutItem or Q6b's UpdateItem instead (bench/writes.ts).
 *
 * `node --cpu-prof --cpu-prof-dir=DIR dist-bench/bench/profile.js` runs the loop;
 * `node dist-bench/bench/profile.js DIR/file.cpuprofile` prints the summary.
 */
import { readFileSync } from 'node:fs'
import { clientSideRows } from './client-side.js'
import type { Row } from './measure.js'
import { putRows, updateRows } from './writes.js'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

const file = process.argv[2]
if (file === undefined) {
  const which = process.env.PROFILE_ROW ?? 'get'
  const rows: Record<string, () => Row | undefined> = {
    get: () => clientSideRows('getItem').find((r) => r.name === 'dql (tag)'),
    put: () => putRows().find((r) => r.name === 'dql db.run'),
    update: () => updateRows().find((r) => r.name === 'dql db.run'),
  }
  const row = rows[which]?.()
  if (row === undefined) throw new Error(`PROFILE_ROW is get, put or update, not ${which}`)
  const until = Date.now() + Number(process.env.PROFILE_SECONDS ?? 5) * 1000
  let calls = 0
  while (Date.now() < until) {
    for (let i = 0; i < 100; i++) await row.fn()
    calls += 100
  }
  console.log(`${calls} calls of ${row.name} (${which}) through the stub transport`)
} else {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const owner = new Map<number, string>()
  for (const node of profile.nodes) owner.set(node.id, ownerOf(node.callFrame))
  const frames = new Map<number, ProfileNode['callFrame']>()
  for (const node of profile.nodes) frames.set(node.id, node.callFrame)
  const totals = new Map<string, number>()
  /** dql's own functions, by self time: where its share goes. */
  const ours = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    const key = owner.get(id) ?? 'other'
    totals.set(key, (totals.get(key) ?? 0) + dt)
    all += dt
    const frame = frames.get(id)
    if (key === 'dql (src/)' && frame !== undefined) {
      const name = `${frame.functionName || '(anonymous)'} (${frame.url.slice(frame.url.indexOf('/src/') + 1)})`
      ours.set(name, (ours.get(name) ?? 0) + dt)
    }
  })
  const busy = all - (totals.get('(idle)') ?? 0)
  const share = (time: number) => `${((100 * time) / busy).toFixed(1)} %`
  console.log('| owner | share of busy time |')
  console.log('| --- | ---: |')
  for (const [key, time] of [...totals].sort((a, b) => b[1] - a[1])) {
    if (key === '(idle)') continue
    console.log(`| ${key} | ${share(time)} |`)
  }
  console.log('\n| dql function (self time) | share of busy time |')
  console.log('| --- | ---: |')
  for (const [name, time] of [...ours].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`| ${name} | ${share(time)} |`)
  }
}

function ownerOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame
  if (functionName === '(garbage collector)') return 'garbage collector'
  if (functionName === '(idle)' || functionName === '(program)')
    return `(${functionName.slice(1, -1)})`
  if (url.includes('/node_modules/@aws-sdk/') || url.includes('/node_modules/@smithy/'))
    return 'AWS SDK (@aws-sdk, @smithy)'
  if (url.includes('/node_modules/')) return 'other packages'
  if (url.includes('/dist-bench/src/')) return 'dql (src/)'
  if (url.includes('/dist-bench/bench/stub-transport')) return 'stub transport'
  if (url.includes('/dist-bench/bench/')) return 'bench harness'
  if (url.startsWith('node:') || url === '') return 'Node.js and V8 built-ins'
  return 'other'
}
