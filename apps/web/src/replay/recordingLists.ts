import * as v from 'valibot';

/** One recording a list offers: where to fetch it, and what to say about it. */
export type ListedRecording = {
  name: string;
  url: string;
  lesson?: string;
  when?: string;
  events?: number;
  bytes?: number;
};

// Names socklab gives its recordings (apps/server/src/recordings.ts): never a path.
const Name = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.ndjson$/));
const Text = v.pipe(v.string(), v.maxLength(200));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

const ServerList = v.pipe(v.array(v.object({ name: Name, bytes: Count, modified: Text })), v.maxLength(10_000));
const StaticList = v.pipe(
  v.array(v.object({ name: Name, lesson: v.optional(Text), createdAt: v.optional(Text), events: v.optional(Count) })),
  v.maxLength(10_000),
);

async function getJson(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, { cache: 'no-store', ...init });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** The server's recordings (`/api/recordings`, with this browser's credential), newest first. */
export async function serverRecordings(): Promise<ListedRecording[]> {
  const list = v.parse(ServerList, await getJson('/api/recordings', { credentials: 'same-origin' }));
  return list.map((r) => ({ name: r.name, url: `/api/recordings/${r.name}`, when: r.modified, bytes: r.bytes }));
}

/**
 * The recordings published beside the page (`recordings/index.json`, written
 * by `socklab export-site`); null when the site has none.
 */
export async function staticRecordings(page: string): Promise<ListedRecording[] | null> {
  let json: unknown;
  try {
    json = await getJson(new URL('recordings/index.json', page).toString());
  } catch {
    return null;
  }
  const list = v.safeParse(StaticList, json);
  if (!list.success) return null;
  return list.output.map((r) => ({
    name: r.name,
    url: `recordings/${r.name}`,
    ...(r.lesson === undefined ? {} : { lesson: r.lesson }),
    ...(r.createdAt === undefined ? {} : { when: r.createdAt }),
    ...(r.events === undefined ? {} : { events: r.events }),
  }));
}
