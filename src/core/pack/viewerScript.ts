/**
 * The viewer page's own script and style, inlined into the page (viewerPage.ts) and allowed by
 * their hashes in its Content-Security-Policy. Plain browser JavaScript in a string: it must run
 * as it is from a file on disk, with no bundler. Every text from the pack (answers, prompts,
 * case ids, judge reasoning) goes into the page through textContent only, never as markup.
 */
export const VIEWER_SCRIPT = String.raw`(() => {
  'use strict';
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const pack = read('pack-data');
  const view = read('view-data');
  const framingLabels = new Map(view.framing_labels);
  const modelLabels = new Map(view.model_labels);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const show = (x) => (x === null || x === undefined ? '–' : String(x));

  function table(t) {
    const tbl = el('table');
    tbl.append(el('caption', t.caption));
    const head = el('tr');
    for (const h of t.head) { const th = el('th', h); th.scope = 'col'; head.append(th); }
    tbl.appendChild(el('thead')).append(head);
    const body = tbl.appendChild(el('tbody'));
    for (const row of t.rows) {
      const tr = body.appendChild(el('tr'));
      row.forEach((c, i) => { const td = el(i === 0 ? 'th' : 'td', c); if (i === 0) td.scope = 'row'; tr.append(td); });
    }
    return tbl;
  }

  const about = document.getElementById('about');
  about.append(el('p', 'Made ' + pack.about.created_at + ' by ' + pack.about.tool.name + ' (local scorer version ' + pack.about.tool.local_scorer_version + '). ' +
    pack.cases.length + ' cases, ' + pack.responses.length + ' responses, ' + pack.scores.length + ' scores.'));
  const hash = el('p', 'Content hash (SHA-256): ');
  hash.append(el('code', pack.hashes.content));
  about.append(hash);

  const analysis = document.getElementById('analysis-body');
  if (!view.analyses.length) analysis.append(el('p', 'The pack holds no scores, so there is nothing to analyse.'));
  for (const a of view.analyses) {
    const sec = analysis.appendChild(el('section'));
    sec.append(el('h3', 'Scorer: ' + a.scorer));
    for (const line of a.lines) sec.append(el('p', line));
    for (const t of a.tables) sec.append(table(t));
  }
  if (view.caveat) analysis.append(el('p', view.caveat, 'caveat'));

  const scoresOf = new Map();
  pack.scores.forEach((s, i) => {
    if (!scoresOf.has(s.response_id)) scoresOf.set(s.response_id, []);
    scoresOf.get(s.response_id).push({ score: s, evidence: view.evidence[i] || [] });
  });

  function request(entry) {
    const r = entry.record.request;
    const d = el('details');
    d.append(el('summary', 'Request sent'));
    const dl = d.appendChild(el('dl'));
    const p = entry.provider;
    const pairs = [['Provider', p ? p.kind : 'unknown'], ['Base URL', p && p.base_url ? p.base_url : '(provider default)'], ['Model', r.model]];
    for (const [k, v] of Object.entries(r.params)) pairs.push([k.replace(/_/g, ' '), v]);
    for (const [k, v] of pairs) { dl.append(el('dt', k)); dl.append(el('dd', show(v))); }
    for (const m of r.messages) { d.append(el('p', m.role, 'role')); d.append(el('pre', m.content)); }
    return d;
  }

  function scoreBlock(list) {
    const wrap = el('div');
    if (!list.length) { wrap.append(el('p', 'No scores for this response.')); return wrap; }
    const tbl = wrap.appendChild(el('table'));
    tbl.append(el('caption', 'Scores'));
    const head = el('tr');
    for (const h of ['Scorer', 'Version', 'Response class', 'OH', 'CH', 'TTT', 'Mechanism', 'Critical actions']) { const th = el('th', h); th.scope = 'col'; head.append(th); }
    tbl.appendChild(el('thead')).append(head);
    const body = tbl.appendChild(el('tbody'));
    for (const { score: s } of list) {
      const tr = body.appendChild(el('tr'));
      const who = el('th', s.scorer); who.scope = 'row'; tr.append(who);
      const grades = s.critical_actions.map((a) => a.id + ': ' + a.grade).join(', ');
      for (const v of [s.scorer_version, s.response_class, s.oh, s.ch, s.ttt, s.mechanism, grades || '–']) tr.append(el('td', show(v)));
    }
    for (const { score: s, evidence } of list) {
      if (!evidence.length) continue;
      const d = wrap.appendChild(el('details'));
      d.append(el('summary', 'Evidence from ' + s.scorer));
      const ul = d.appendChild(el('ul'));
      for (const e of evidence) {
        const li = ul.appendChild(el('li', e.why));
        if (e.quote) li.append(el('q', e.quote));
      }
    }
    return wrap;
  }

  const list = document.getElementById('response-list');
  const items = pack.responses.map((entry) => {
    const r = entry.record;
    const art = list.appendChild(el('article'));
    const title = [r.case_id, framingLabels.get(r.framing) || r.framing, modelLabels.get(r.model_id) || r.model_id, 'rep ' + (r.rep + 1)].join(' · ');
    art.append(el('h3', title));
    art.append(el('p', 'Status ' + r.status + ', finish reason ' + r.finish_reason + (r.served_model ? ', served by ' + r.served_model : '') +
      ', ' + show(r.usage.output_tokens) + ' output tokens, ' + Math.round(r.latency_ms) + ' ms.', 'meta'));
    art.append(request(entry));
    art.append(el('h4', 'Answer'));
    art.append(el('pre', r.text || (r.error ? 'No answer: ' + r.error : '(empty)'), 'answer'));
    const scored = scoresOf.get(r.id) || [];
    art.append(scoreBlock(scored));
    const hay = [r.text, r.case_id, r.framing, framingLabels.get(r.framing), r.model_id, r.error || '', ...scored.map((x) => x.score.scorer)].join('\n').toLowerCase();
    return { node: art, hay, case_id: r.case_id, framing: r.framing, model_id: r.model_id };
  });

  const filters = { case_id: document.getElementById('filter-case'), framing: document.getElementById('filter-framing'), model_id: document.getElementById('filter-model') };
  const labelOf = { case_id: (v) => v, framing: (v) => framingLabels.get(v) || v, model_id: (v) => modelLabels.get(v) || v };
  for (const [key, select] of Object.entries(filters)) {
    for (const v of [...new Set(items.map((x) => x[key]))].sort()) {
      const o = el('option', labelOf[key](v));
      o.value = v;
      select.append(o);
    }
  }
  const search = document.getElementById('search');
  const count = document.getElementById('count');
  function apply() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const x of items) {
      const ok = words.every((w) => x.hay.includes(w)) && Object.entries(filters).every(([k, s]) => s.value === '' || x[k] === s.value);
      x.node.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = 'Showing ' + shown + ' of ' + items.length + ' responses.';
  }
  search.addEventListener('input', apply);
  for (const s of Object.values(filters)) s.addEventListener('change', apply);
  apply();
})();
`;

export const VIEWER_STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem; color: #1a1a1a; background: #fff; }
h1, h2, h3, h4 { line-height: 1.25; }
a:focus-visible, summary:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
table { border-collapse: collapse; margin: .75rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: .5rem; border-radius: 4px; }
article { border-top: 2px solid #555; padding: .5rem 0 1rem; }
.meta, .caveat { color: #444; }
.role { font-weight: 600; margin: .5rem 0 0; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; }
.field { display: flex; flex-direction: column; }
.field label { font-weight: 600; }
input, select { font: inherit; padding: .25rem; }
q { display: block; margin: .25rem 0 .5rem 1rem; font-style: italic; }
dt { font-weight: 600; float: left; clear: left; margin-right: .5rem; }
dd { margin: 0 0 .25rem; }
`;
