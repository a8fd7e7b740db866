import * as v from 'valibot';
import { families } from './vocabulary.ts';

/** Bumped on every incompatible change to commands, events or recordings. */
export const PROTOCOL_VERSION = 2;

/** A name on the wire: socket ids, actors, lessons. */
export const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_.:-]+$/));
/** A non-negative integer. */
export const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A TCP port. */
export const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));

/** An IPv4 or IPv6 socket address as the kernel reported it. */
export const AddressSchema = v.object({
  family: v.picklist(families),
  host: v.pipe(v.string(), v.maxLength(64)),
  port: Port,
});
export type Address = v.InferOutput<typeof AddressSchema>;

/** An errno as the kernel set it: the name from the C headers, the number on this OS, strerror's text. */
export const ErrnoSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(32)),
  code: v.pipe(v.number(), v.integer()),
  message: v.pipe(v.string(), v.maxLength(200)),
});
export type Errno = v.InferOutput<typeof ErrnoSchema>;
