export { callsPerClient, type LoadOptions, type LoadOutcome, listenerCalls, runLoad } from './loadRun.ts';
export { type LoadSample, PortSampler, type TableSample } from './sampler.ts';
export { CallTally } from './tally.ts';
