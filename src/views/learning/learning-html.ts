// Renders the Learning view: per-expert success rates as an SVG bar chart (with the 90% lower bound
// marked) and the most recent outcomes. Pure string building; every user-provided text is escaped.
import type { LearningStats } from '../../orchestrator/learning/learning-manager';
import type { TaskOutcome } from '../../orchestrator/learning/outcome-store';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function successChart(stats: LearningStats): string {
  const rows = Object.entries(stats.agentPerformance).sort((a, b) => b[1].rate - a[1].rate || b[1].success - a[1].success);
  if (!rows.length)
    return '<p class="empty">No outcomes yet. They are recorded when a delegated task or workflow finishes, or with <em>Big Three: Record Task Outcome</em>.</p>';
  const rowHeight = 22;
  const labelWidth = 150;
  const barWidth = 140;
  const height = rows.length * rowHeight + 4;
  const bars = rows
    .map(([id, p], i) => {
      const y = i * rowHeight + 2;
      const w = Math.round(p.rate * barWidth);
      const lb = Math.round(p.lowerBound * barWidth);
      return [
        `<text x="0" y="${y + 14}" class="label">${escapeHtml(id)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="14" class="track"/>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="14" class="bar"><title>${escapeHtml(id)}: ${p.success} succeeded, ${p.fail} failed</title></rect>`,
        `<line x1="${labelWidth + lb}" x2="${labelWidth + lb}" y1="${y + 1}" y2="${y + 19}" class="bound"><title>90% lower bound ${Math.round(p.lowerBound * 100)}%</title></line>`,
        `<text x="${labelWidth + barWidth + 6}" y="${y + 14}" class="value">${Math.round(p.rate * 100)}% · ${p.success + p.fail}</text>`,
      ].join('');
    })
    .join('');
  return `<svg role="img" aria-label="Success rate per expert" width="100%" viewBox="0 0 ${labelWidth + barWidth + 70} ${height}">${bars}</svg>`;
}

export function recentOutcomes(outcomes: readonly TaskOutcome[], limit = 10): string {
  const recent = outcomes.slice(-limit).reverse();
  if (!recent.length) return '';
  const items = recent
    .map(
      (o) =>
        `<li class="${o.success ? 'ok' : 'fail'}"><span class="mark">${o.success ? '✔' : '✘'}</span> <b>${escapeHtml(o.agentId)}</b> — ${escapeHtml(o.task.slice(0, 140))}<br><small>${new Date(o.at).toLocaleString()}${o.result ? ` · ${escapeHtml(o.result.slice(0, 100))}` : ''}</small></li>`,
    )
    .join('');
  return `<h3>Recent outcomes</h3><ul class="outcomes">${items}</ul>`;
}

/** How similar past tasks are found, in plain words (the embedder id is e.g. "hashing-512" or "all-MiniLM-L6-v2@q8/384"). */
export function describeSimilarity(embedderId: string): string {
  return embedderId.startsWith('hashing')
    ? 'similar past tasks matched by shared words (download the embedding model to match by meaning)'
    : `similar past tasks matched by meaning (${embedderId.split('@')[0]})`;
}

export function learningPage(stats: LearningStats, outcomes: readonly TaskOutcome[], cspSource: string, nonce: string, similarityBy: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 8px; }
.summary { color: var(--vscode-descriptionForeground); margin: 6px 0 10px; }
.label, .value { fill: var(--vscode-foreground); font-size: 11px; }
.track { fill: var(--vscode-editorWidget-background, #8882); }
.bar { fill: var(--vscode-charts-green, #3c3); }
.bound { stroke: var(--vscode-charts-orange, #f80); stroke-width: 2; }
ul.outcomes { list-style: none; padding: 0; }
ul.outcomes li { margin: 0 0 6px; }
li.ok .mark { color: var(--vscode-charts-green, #3c3); }
li.fail .mark { color: var(--vscode-charts-red, #e33); }
small { color: var(--vscode-descriptionForeground); }
.empty { color: var(--vscode-descriptionForeground); }
</style></head><body>
<div class="summary">${stats.totalOutcomes} outcomes · ${stats.agentsTracked} experts · ${escapeHtml(describeSimilarity(similarityBy))}</div>
${successChart(stats)}
${recentOutcomes(outcomes)}
</body></html>`;
}

/** What the view shows when the gate refuses to let the local user read what was learned. */
export function refusedPage(reason: string, cspSource: string, nonce: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}';">
<style nonce="${nonce}">body { font-family: var(--vscode-font-family); color: var(--vscode-descriptionForeground); padding: 0 8px; }</style>
</head><body><p>${escapeHtml(reason)}</p></body></html>`;
}
