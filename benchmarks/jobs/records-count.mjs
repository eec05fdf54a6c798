// The NDJSON job of benchmarks/records.ts, as a user writes it: access-log records counted by
// status, reading only the status field.
import { defineJob, sinks, sources } from 'streamtoolz';

export default defineJob({
  format: 'ndjson',
  source: (input) => sources.json(input, { fields: ['status'] }),
  sink: () => sinks.countBy((r) => r.status),
});
