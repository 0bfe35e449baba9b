/**
 * The demo's small tables, a few items each, so that every example of the documentation runs
 * as written in the shell: `events` (a range of numeric sort keys, nested maps and lists),
 * `users` (attributes named like keywords and reserved words), `posts` (a KEYS_ONLY index)
 * and `tickets` (a sparse index).
 */
import type { AttributeValue, ScalarAttributeType } from '@aws-sdk/client-dynamodb'
import { defineTable, type TableDefinition } from '../schema/define-table.js'

type Item = Record<string, AttributeValue>

/** A table of the demo: its definition, its key types, and its items. */
export interface DemoTable {
  readonly definition: TableDefinition
  readonly types: Readonly<Record<string, ScalarAttributeType>>
  readonly items: () => Item[]
}

/** Device events, keyed by device and a Unix time; a global index on the level. */
export const demoEvents = defineTable({
  name: 'events',
  tableName: 'demo-events',
  partitionKey: 'device',
  sortKey: 'ts',
  indexes: {
    byLevel: {
      type: 'global',
      partitionKey: 'level',
      sortKey: 'ts',
      projection: 'ALL',
      sparse: false,
    },
  },
})

/** Users by id, with attributes named `from`, `order`, `name`, `status` and `year`. */
export const demoUsers = defineTable({ name: 'users', tableName: 'demo-users', partitionKey: 'id' })

/** Forum replies; the global index on author and sequence projects keys only. */
export const demoPosts = defineTable({
  name: 'posts',
  tableName: 'demo-posts',
  partitionKey: 'Id',
  sortKey: 'ReplyDateTime',
  indexes: {
    byAuthor: {
      type: 'global',
      partitionKey: 'Author',
      sortKey: 'Seq',
      projection: 'KEYS_ONLY',
      sparse: false,
    },
  },
})

/** Tickets; a ticket may have no assignee or no due date, so the index holds only some. */
export const demoTickets = defineTable({
  name: 'tickets',
  tableName: 'demo-tickets',
  partitionKey: 'ticketId',
  indexes: { byAssignee: { type: 'global', partitionKey: 'assignee', sortKey: 'due' } },
})

const LEVELS = ['info', 'debug', 'warn', 'error']
const S = (value: string): AttributeValue => ({ S: value })
const N = (value: number): AttributeValue => ({ N: String(value) })

function events(): Item[] {
  const items: Item[] = []
  for (const device of ['d-17', 'd-42']) {
    for (let n = 0; n < 36; n++) {
      const level = LEVELS[n % LEVELS.length] ?? 'info'
      items.push({
        device: S(device),
        ts: N(1700000000 + n * 3600),
        level: S(level),
        message: S(`${level} from ${device}, reading ${n}`),
        customer: S(`c${(n % 3) + 1}`),
        title: S(n % 5 === 0 ? "it's" : `reading ${n}`),
        note: S(n % 5 === 0 ? 'C:\\temp -- not a comment' : 'ok'),
        tags: { L: [S(level), S(device)].slice(0, 1 + (n % 2)) },
        order: N(n % 3),
        meta: { M: { order: N(n % 4), tags: { L: [S('sensor'), S(level)] } } },
      })
    }
  }
  return items
}

function users(): Item[] {
  const people = ['u1', 'u2', 'u3', 'u4', 'u5'].map((id, n): Item => ({
    id: S(id),
    email: S(n === 4 ? `${id}@example.org` : `${id}@example.com`),
    name: S(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara'][n] ?? id),
    status: S(n % 2 === 0 ? 'active' : 'invited'),
    year: N(2020 + n),
    from: S(n % 2 === 0 ? 'web' : 'app'),
    order: N(n),
    meta: { M: { order: N(n * 10) } },
  }))
  // Wide characters and control characters, as real data has: the shell lines up the first
  // and escapes the second.
  people.push({
    id: S('u6'),
    email: S('hanako@example.jp'),
    name: S('山田花子 🌸'),
    status: S('active'),
    bio: S('one\ntwo \u001b[31mred\u001b[0m \u009b'),
  })
  return people
}

function posts(): Item[] {
  const items: Item[] = []
  for (let n = 0; n < 12; n++) {
    items.push({
      Id: S(`thread-${(n % 3) + 1}`),
      ReplyDateTime: N(1700000000 + n * 60),
      Author: S(`author-${(n % 2) + 1}`),
      Seq: N(n * 50),
      Votes: N(n % 4),
      Message: S(`Reply ${n}`),
    })
  }
  return items
}

function tickets(): Item[] {
  return [
    { ticketId: S('t-1'), assignee: S('ann'), due: S('2026-12-01'), title: S('Rotate keys') },
    { ticketId: S('t-2'), assignee: S('ann'), title: S('Review the runbook') },
    { ticketId: S('t-3'), assignee: S('bob'), due: S('2026-12-05'), title: S('Fix paging') },
    { ticketId: S('t-4'), title: S('Triage') },
  ]
}

export const exampleTables: readonly DemoTable[] = [
  { definition: demoEvents, types: { device: 'S', ts: 'N', level: 'S' }, items: events },
  { definition: demoUsers, types: { id: 'S' }, items: users },
  {
    definition: demoPosts,
    types: { Id: 'S', ReplyDateTime: 'N', Author: 'S', Seq: 'N' },
    items: posts,
  },
  { definition: demoTickets, types: { ticketId: 'S', assignee: 'S', due: 'S' }, items: tickets },
]
