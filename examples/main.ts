/**
 * `npm start`: the seed's examples, end to end, on data in the repo. For now the streaming
 * sum and the verbose pipe; the k-mer, PCA and assembly examples join as they land.
 */
import { listSum, streamingSum } from './streaming-sum.js';
import { verbosePipe } from './verbose-sum.js';

console.log('# streaming sum (the seed\'s toy example)');
console.log(`list approach:      ${listSum(6)}`);
console.log(`streaming approach: ${await streamingSum(6)}`);
console.log(`10 million numbers, streamed in constant memory: ${await streamingSum(10_000_000)}`);
console.log('');
console.log('# verbose pipe: items flow through every stage while the source still yields');
const total = await verbosePipe(5, (line) => console.log(`  ${line}`));
console.log(`the result is ${total}`);
