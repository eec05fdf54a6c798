import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { writeReport } from '../../examples/report.js';
import { requireCommand } from '../../scripts/system-packages.mjs';

const FIGURES = ['fig-kmers', 'fig-pca', 'fig-graph', 'fig-contigs'];

describe('examples/report', function () {
  this.timeout(60_000);
  let dir: string;
  let context: BrowserContext | undefined;

  before(async function () {
    // Not a skip: `npm test` installs Chromium when it can, and otherwise names it in this line.
    const executablePath = requireCommand('chromium');
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-report-'));
    // Playwright refuses --user-data-dir in args: a persistent context is how it takes a fresh one.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
      viewport: { width: 1100, height: 900 },
    });
  });

  after(async () => {
    await context?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('renders every figure with a non-zero size, the table of what was streamed, and no console error', async () => {
    const { file, results } = await writeReport(join(dir, 'out', 'report.html'), { sumN: 1000 });
    expect(results.toy.assembled).to.equal('ATGGCGTGCA');
    const page = await context!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    expect(await page.title()).to.include('streamtoolz');
    for (const id of FIGURES) {
      const svg = page.locator(`#${id} svg`);
      expect(await svg.count(), id).to.equal(1);
      const box = await svg.boundingBox();
      expect(box, id).to.not.equal(null);
      expect(box!.width, `${id} width`).to.be.above(100);
      expect(box!.height, `${id} height`).to.be.above(100);
      // The drawing inside the SVG has a size too, not only the empty canvas.
      const inner = await svg.evaluate((el) => {
        const b = (el as unknown as { getBBox(): { width: number; height: number } }).getBBox(); // SVG types: no DOM lib in tsconfig
        return { width: b.width, height: b.height, shapes: el.querySelectorAll('rect, circle, path, line').length, texts: el.querySelectorAll('text').length };
      });
      expect(inner.width, `${id} drawing width`).to.be.above(100);
      expect(inner.height, `${id} drawing height`).to.be.above(50);
      expect(inner.shapes, `${id} shapes`).to.be.above(2);
      expect(inner.texts, `${id} labels`).to.be.above(3);
      expect(await page.locator(`#${id} figcaption`).textContent()).to.not.equal('');
    }
    expect(await page.locator('#fig-pca circle').count()).to.be.at.least(150);
    const rows = await page.locator('#streamed tbody tr').allInnerTexts();
    expect(rows).to.have.length(5);
    expect(rows.join('\n')).to.include('FASTA records').and.include('CSV rows');
    expect(errors, 'console errors').to.deep.equal([]);
    // Nothing fetched but the file itself: the report works offline.
    expect(requests).to.deep.equal([pathToFileURL(file).href]);
  });
});
