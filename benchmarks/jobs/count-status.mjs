// The user job of benchmarks/scale-out.ts (as a user writes it): server errors per path,
// over NDJSON web-server logs.
import { defineJob, sinks, sources, transforms } from 'streamtoolz';

export default defineJob({
  source: (input) => sources.json(input),
  stages: () => [transforms.filter((r) => r.status >= 500)],
  sink: () => sinks.countBy((r) => r.path),
});
