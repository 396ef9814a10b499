/**
 * The XML of STS's query protocol: `<{Action}Response xmlns=...><{Action}Result>...` with
 * `ResponseMetadata/RequestId`, and `<ErrorResponse>` for errors, indented as AWS sends them.
 */
import type { StsError } from './sts-error.js';

/** The namespace of every STS response. */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Element content: text, or child elements in order (undefined children are left out). */
export type XmlContent = string | { readonly [element: string]: XmlContent | undefined };

/** Escapes text for element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' })[c]};`);
}

function element(name: string, content: XmlContent, indent: string): string {
  if (typeof content === 'string') return `${indent}<${name}>${escapeXml(content)}</${name}>\n`;
  let inner = '';
  for (const [child, value] of Object.entries(content)) {
    if (value !== undefined) inner += element(child, value, `${indent}  `);
  }
  return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
}

/** A successful response to `action`. */
export function renderResult(action: string, result: XmlContent, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_NAMESPACE}">\n` +
    element(`${action}Result`, result, '  ') +
    element('ResponseMetadata', { RequestId: requestId }, '  ') +
    `</${action}Response>\n`
  );
}

/** An error response. */
export function renderError(error: StsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${STS_NAMESPACE}">\n` +
    element('Error', { Type: error.type, Code: error.code, Message: error.message }, '  ') +
    element('RequestId', requestId, '  ') +
    `</ErrorResponse>\n`
  );
}
