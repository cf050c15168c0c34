import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderNagios } from './nagios.js';
import { renderPrometheus } from './prometheus.js';
import type { Renderer } from './renderer.js';
import { renderText } from './text.js';


export const RENDERERS = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  junit: renderJunit,
  nagios: renderNagios,
  prometheus: renderPrometheus,
} satisfies Record<string, Renderer>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];

export function isFormat(s: string): s is Format {
  return Object.hasOwn(RENDERERS, s);
}
