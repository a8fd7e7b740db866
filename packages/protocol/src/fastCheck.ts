import type * as v from 'valibot';

/** A check built once from a schema: whether a decoded JSON value certainly passes it unchanged. */
export type FastCheck = (value: unknown) => boolean;

/** The parts of a valibot schema or action this reads (valibot's own objects are introspectable). */
type Node = {
  kind: 'schema' | 'validation' | 'transformation' | 'metadata';
  type: string;
  pipe?: readonly Node[];
  entries?: Record<string, Node>;
  options?: readonly unknown[];
  key?: string;
  literal?: unknown;
  wrapped?: Node;
  item?: Node;
  requirement?: unknown;
  default?: unknown;
};

const never: FastCheck = () => false;

/**
 * Builds, once, a check of decoded JSON against `schema` that is at least as
 * strict as valibot's and returns the value itself: `true` only where
 * `v.parse(schema, value)` would succeed with an output equal to `value` (an
 * object with a key the schema does not name is refused, since valibot would
 * drop that key). Where it says `false`, the caller asks valibot, which gives
 * the answer and the error. A schema or action it does not know compiles to
 * `false`, so it can never accept what valibot refuses. No `eval`: the page's
 * CSP forbids it; closures are built instead.
 *
 * @example
 * const isEvent = compileFastCheck(EventSchema);
 * const event = isEvent(json) ? json : v.parse(EventSchema, json);
 */
export function compileFastCheck(schema: v.GenericSchema): FastCheck {
  return compile(schema as unknown as Node);
}

function compile(node: Node): FastCheck {
  if (node.pipe !== undefined) {
    const [base, ...actions] = node.pipe;
    if (base === undefined) return never;
    const checks = [compile(base), ...actions.map(action)];
    if (checks.includes(never)) return never;
    return allOf(checks);
  }
  switch (node.type) {
    case 'string':
      return (x) => typeof x === 'string';
    case 'number':
      return (x) => typeof x === 'number' && !Number.isNaN(x);
    case 'boolean':
      return (x) => typeof x === 'boolean';
    case 'literal': {
      const literal = node.literal;
      return (x) => x === literal;
    }
    case 'picklist': {
      const options = new Set(node.options);
      return (x) => options.has(x);
    }
    case 'nullable':
      return node.default !== undefined || node.wrapped === undefined ? never : orNull(compile(node.wrapped));
    case 'array':
      return node.item === undefined ? never : arrayOf(compile(node.item));
    case 'object':
      return node.entries === undefined ? never : objectOf(node.entries);
    case 'variant':
      return variantOf(node);
    default:
      return never;
  }
}

function action(node: Node): FastCheck {
  const r = node.requirement;
  switch (node.type) {
    case 'integer':
      return (x) => Number.isInteger(x);
    case 'min_value':
      return typeof r === 'number' ? (x) => (x as number) >= r : never;
    case 'max_value':
      return typeof r === 'number' ? (x) => (x as number) <= r : never;
    case 'min_length':
      return typeof r === 'number' ? (x) => (x as string).length >= r : never;
    case 'max_length':
      return typeof r === 'number' ? (x) => (x as string).length <= r : never;
    case 'regex':
      return r instanceof RegExp && !r.global && !r.sticky ? (x) => r.test(x as string) : never;
    default:
      return never;
  }
}

function orNull(inner: FastCheck): FastCheck {
  return inner === never ? never : (x) => x === null || inner(x);
}

function arrayOf(item: FastCheck): FastCheck {
  if (item === never) return never;
  return (x) => {
    if (!Array.isArray(x)) return false;
    for (let i = 0; i < x.length; i++) if (!item(x[i])) return false;
    return true;
  };
}

/** Every check in turn (the pipes of the schemas have one to four). */
function allOf(checks: readonly FastCheck[]): FastCheck {
  const [a, b, c] = checks;
  if (checks.length === 1 && a) return a;
  if (checks.length === 2 && a && b) return (x) => a(x) && b(x);
  if (checks.length === 3 && a && b && c) return (x) => a(x) && b(x) && c(x);
  return (x) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i]!(x)) return false;
    return true;
  };
}

function objectOf(entries: Record<string, Node>): FastCheck {
  const keys: string[] = [];
  const optional: boolean[] = [];
  const checks: FastCheck[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const isOptional = entry.type === 'optional';
    if (isOptional && (entry.default !== undefined || entry.wrapped === undefined)) return never;
    const check = compile(isOptional ? (entry.wrapped as Node) : entry);
    if (check === never) return never;
    keys.push(key);
    optional.push(isOptional);
    checks.push(check);
  }
  const count = keys.length;
  return (x) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const record = x as Record<string, unknown>;
    let seen = 0;
    for (let i = 0; i < count; i++) {
      const value = record[keys[i]!];
      if (value === undefined) {
        // JSON has no `undefined`: the key is absent, which only an optional entry allows.
        if (!optional[i]) return false;
        continue;
      }
      seen++;
      if (!checks[i]!(value)) return false;
    }
    // Every key is one the schema names: as many keys as named keys seen (valibot would drop any other).
    let present = 0;
    for (const _ in record) present++;
    return present === seen;
  };
}

/** A variant: the option whose literal discriminator matches, found by a map; other shapes try each option. */
function variantOf(node: Node): FastCheck {
  const key = node.key;
  const options = (node.options ?? []) as Node[];
  if (key === undefined || options.length === 0) return never;
  const byLiteral = new Map<unknown, FastCheck>();
  for (const option of options) {
    const discriminator = option.entries?.[key];
    if (discriminator?.type !== 'literal' || byLiteral.has(discriminator.literal)) return anyOf(options);
    byLiteral.set(discriminator.literal, compile(option));
  }
  return (x) => {
    if (typeof x !== 'object' || x === null) return false;
    const check = byLiteral.get((x as Record<string, unknown>)[key]);
    return check?.(x) === true;
  };
}

function anyOf(options: Node[]): FastCheck {
  const checks = options.map(compile).filter((c) => c !== never);
  return (x) => checks.some((check) => check(x));
}
