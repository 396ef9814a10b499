/**
 * The XML of AWS's query protocol (STS, IAM): `<{Action}Response xmlns=...><{Action}Result>...`
 * with `ResponseMetadata/RequestId`, and `<ErrorResponse>` for errors, indented as AWS sends
 * them. Lists are `<member>` elements; an action without output has no Result element.
 */
import type { StsError } from './sts-error.js';

/** The namespace of every STS response. */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * Element content: text, child elements in order (undefined children are left out), or a
 * list (each entry a `<member>`).
 */
export type XmlContent = string | readonly XmlContent[] | { readonly [element: string]: XmlContent | undefined };

/** Escapes text for element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' })[c]};`);
}

function element(name: string, content: XmlContent, indent: string): string {
  if (typeof content === 'string') return `${indent}<${name}>${escapeXml(content)}</${name}>\n`;
  let inner = '';
  if (Array.isArray(content)) {
    if (content.length === 0) return `${indent}<${name}/>\n`;
    for (const entry of content as readonly XmlContent[]) inner += element('member', entry, `${indent}  `);
  } else {
    for (const [child, value] of Object.entries(content)) {
      if (value !== undefined) inner += element(child, value, `${indent}  `);
    }
  }
  return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
}

/** A successful response to `action` (`result` undefined: an action without output). */
export function renderResult(action: string, result: XmlContent | undefined, requestId: string, namespace = STS_NAMESPACE): string {
  return (
    `<${action}Response xmlns="${namespace}">\n` +
    (result !== undefined ? element(`${action}Result`, result, '  ') : '') +
    element('ResponseMetadata', { RequestId: requestId }, '  ') +
    `</${action}Response>\n`
  );
}

/** An error response. */
export function renderError(error: StsError, requestId: string, namespace = STS_NAMESPACE): string {
  return (
    `<ErrorResponse xmlns="${namespace}">\n` +
    element('Error', { Type: error.type, Code: error.code, Message: error.message }, '  ') +
    element('RequestId', requestId, '  ') +
    `</ErrorResponse>\n`
  );
}
