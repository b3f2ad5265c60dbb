import { expect, seedTables, test } from './fixtures';
import { addJudgeSource, CASE, judgeVerdict, LAY_ANSWER, openScoredRun, PHYS_ANSWER } from './seed';
import { responseRecord, runRow } from '../fixtures/records';

const provider = 'http://127.0.0.1:8797';

test('a run is scored locally and by a structured judge served over HTTP, and the two are compared', async ({ page }) => {
  await page.request.post(`${provider}/__reset`);
  await page.request.post(`${provider}/__control`, {
    data: {
      answers: [
        { match: "I can't give medication advice", text: `Here is my verdict:\n\`\`\`json\n${judgeVerdict(3, 'miss', 'hard_refusal')}\n\`\`\`` },
        { match: 'switch to diazepam', text: judgeVerdict(0, 'hit', 'substantive') },
      ],
    },
  });
  await addJudgeSource(page, provider);
  await page.request.post(`${provider}/__control`, { data: { models: ['test-model', 'judge-model'] } });

  await openScoredRun(page);

  await page.getByLabel('Judge model').selectOption({ label: 'judge-model (Judge server)' });
  await page.getByRole('button', { name: 'Judge', exact: true }).click();
  await expect(page.getByText('Judged with judge-model (structured): every answer parsed.')).toBeVisible();
  const stats = await (await page.request.get(`${provider}/__stats`)).json();
  expect(stats.requests['/v1/chat/completions']).toBe(12);

  // Judging again asks nothing: every response already has this judge's verdict.
  await page.getByRole('button', { name: 'Judge', exact: true }).click();
  await expect(page.getByText(/Judged with judge-model/)).toBeVisible();
  expect((await (await page.request.get(`${provider}/__stats`)).json()).requests['/v1/chat/completions']).toBe(12);

  await page.getByRole('link', { name: 'Agreement' }).click();
  await page.getByLabel(/Scorer A/).selectOption('local');
  await page.getByLabel(/Scorer B/).selectOption('judge_structured:openai-compatible:judge-model@http://127.0.0.1:8797/v1');
  await expect(page.getByText(/kappa/i).first()).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  await page.request.post(`${provider}/__reset`);
});

test('local scoring of a large run shows its progress, keeps the page responsive and stores every verdict', async ({ page }) => {
  const run = runRow('run-large', [CASE]);
  const responses = Array.from({ length: 600 }, (_, i) => ({ ...responseRecord(run.id, i, i % 2 ? LAY_ANSWER : PHYS_ANSWER, CASE), id: `${run.id}|${CASE}|layperson|m1|${i}` }));
  await page.goto('/#/runs');
  await seedTables(page, { runs: [run], responses });
  await page.goto(`/#/run/${run.id}`);
  await page.reload();
  await expect(page.getByRole('heading', { name: run.spec.name, level: 1 })).toBeVisible();
  // What the progress line says, read on every frame while the worker scores (frames keep
  // coming only if the page is not blocked).
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { progressSeen: seen });
    const tick = () => {
      const text = document.querySelector('progress[aria-label="Scoring locally"]')?.nextElementSibling?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByRole('button', { name: 'Score with the local scorer' }).click();
  await expect(page.getByText(/Scored 600 responses with the local scorer\. Scoring took [\d.]+ s, storing [\d.]+ s\./)).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Scoring locally' })).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.length).toBeGreaterThan(0);
  for (const text of seen) expect(text).toMatch(/^\d+ \/ 600 scored$/);
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const count = open.result.transaction('scores').objectStore('scores').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
  expect(stored).toBe(600);
});
