import { renderJson } from './json.js';
import type { Report } from './model.js';
import { renderText } from './text.js';

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
}

export type Renderer = (report: Report, opts: RenderOptions) => string;

export const RENDERERS = {
  text: renderText,
  json: renderJson,
} satisfies Record<string, Renderer>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];

export function isFormat(s: string): s is Format {
  return Object.hasOwn(RENDERERS, s);
}
