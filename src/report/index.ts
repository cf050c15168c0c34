import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Format } from './formats.js';
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
} satisfies Record<Format, Renderer>;

export { FORMATS, isFormat, type Format } from './formats.js';
