export { type MemoryPeak, MemorySampler } from '@rapport/testing/bench';
