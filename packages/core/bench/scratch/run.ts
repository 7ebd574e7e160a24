import 'reflect-metadata';
import { runBenchmarks } from '@rapport/testing/bench';
await runBenchmarks({ packageName: 'scratch', dir: import.meta.dirname, words: process.argv.slice(2) });
